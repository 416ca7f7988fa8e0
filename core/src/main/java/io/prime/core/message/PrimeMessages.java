package io.prime.core.message;

import io.prime.core.traffic.TrafficClass;

import java.util.ArrayList;
import java.util.List;

/**
 * Prime's message kinds and their wire ids. Ranges: 1-9 client, 10-19 preordering, 20-29 global ordering,
 * 30-39 reconciliation and blacklisting, 40-49 SUSPECT-LEADER, 50-69 view change, 70-79 catch-up,
 * 100-119 reserved for the PBFT baseline, 120-127 runtime (handshake).
 */
public final class PrimeMessages {
    private PrimeMessages() {
    }

    public static final MessageKind CLIENT_UPDATE =
            new MessageKind(1, "UPDATE", AuthKind.SELF_SIGNED, TrafficClass.CLIENT, ClientUpdate::decode);
    public static final MessageKind REPLY =
            new MessageKind(2, "REPLY", AuthKind.MERKLE_BATCH, TrafficClass.CLIENT, Reply::decode);

    public static final MessageKind PO_REQUEST =
            new MessageKind(10, "PO-REQUEST", AuthKind.MERKLE_BATCH, TrafficClass.PREORDER, PoRequest::decode);
    public static final MessageKind PO_ACK =
            new MessageKind(11, "PO-ACK", AuthKind.MERKLE_BATCH, TrafficClass.PREORDER, PoAck::decode);
    public static final MessageKind PO_ARU =
            new MessageKind(12, "PO-ARU", AuthKind.SELF_SIGNED, TrafficClass.PREORDER, PoAru::decode);
    public static final MessageKind PROOF_MATRIX =
            new MessageKind(13, "PROOF-MATRIX", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, ProofMatrix::decode);

    public static final MessageKind PRE_PREPARE =
            new MessageKind(20, "PRE-PREPARE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, PrePrepare::decode);
    public static final MessageKind PREPARE =
            new MessageKind(21, "PREPARE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Prepare::decode);
    public static final MessageKind COMMIT =
            new MessageKind(22, "COMMIT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Commit::decode);

    public static final MessageKind RECONCILIATION =
            new MessageKind(30, "RECONCILIATION", AuthKind.MERKLE_BATCH, TrafficClass.RECONCILIATION, Reconciliation::decode);
    public static final MessageKind BLACKLIST_PROOF =
            new MessageKind(31, "BLACKLIST-PROOF", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, BlacklistProof::decode);

    public static final MessageKind CATCHUP_REQUEST =
            new MessageKind(70, "CATCHUP-REQUEST", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, CatchupRequest::decode);
    public static final MessageKind ORDER_CERTIFICATE =
            new MessageKind(71, "ORDER-CERTIFICATE", AuthKind.MERKLE_BATCH, TrafficClass.RECONCILIATION, OrderCertificate::decode);

    private static final List<MessageKind> KINDS = new ArrayList<>(List.of(
            CLIENT_UPDATE, REPLY, PO_REQUEST, PO_ACK, PO_ARU, PROOF_MATRIX, PRE_PREPARE, PREPARE, COMMIT,
            RECONCILIATION, BLACKLIST_PROOF, CATCHUP_REQUEST, ORDER_CERTIFICATE));

    /** Every kind of the Prime protocol, in id order. */
    public static List<MessageKind> kinds() {
        return List.copyOf(KINDS);
    }

    public static MessageRegistry registry() {
        return new MessageRegistry(KINDS);
    }
}
