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
            new MessageKind(11, "PO-ACK", AuthKind.MERKLE_BATCH, TrafficClass.PREORDER_CONTROL, PoAck::decode);
    public static final MessageKind PO_ARU =
            new MessageKind(12, "PO-ARU", AuthKind.SELF_SIGNED, TrafficClass.PREORDER_CONTROL, PoAru::decode);
    public static final MessageKind PROOF_MATRIX =
            new MessageKind(13, "PROOF-MATRIX", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, ProofMatrix::decode);

    public static final MessageKind PRE_PREPARE =
            new MessageKind(20, "PRE-PREPARE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, PrePrepare::decode);
    public static final MessageKind PREPARE =
            new MessageKind(21, "PREPARE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Prepare::decode);
    public static final MessageKind COMMIT =
            new MessageKind(22, "COMMIT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Commit::decode);
    /** Proof of an equivocating leader: two PRE-PREPAREs it signed for one (view, seq) with different contents. */
    public static final MessageKind PRE_PREPARE_CONFLICT =
            new MessageKind(23, "PRE-PREPARE-CONFLICT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, PrePrepareConflict::decode);

    public static final MessageKind RECONCILIATION =
            new MessageKind(30, "RECONCILIATION", AuthKind.MERKLE_BATCH, TrafficClass.RECONCILIATION, Reconciliation::decode);
    public static final MessageKind BLACKLIST_PROOF =
            new MessageKind(31, "BLACKLIST-PROOF", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, BlacklistProof::decode);

    public static final MessageKind RTT_PING =
            new MessageKind(40, "RTT-PING", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, RttPing::decode);
    public static final MessageKind RTT_PONG =
            new MessageKind(41, "RTT-PONG", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, RttPong::decode);
    public static final MessageKind RTT_MEASURE =
            new MessageKind(42, "RTT-MEASURE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, RttMeasure::decode);
    public static final MessageKind TAT_UB =
            new MessageKind(43, "TAT-UB", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, TatUb::decode);
    public static final MessageKind TAT_MEASURE =
            new MessageKind(44, "TAT-MEASURE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, TatMeasure::decode);
    public static final MessageKind NEW_LEADER =
            new MessageKind(45, "NEW-LEADER", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, NewLeader::decode);
    public static final MessageKind NEW_LEADER_PROOF =
            new MessageKind(46, "NEW-LEADER-PROOF", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, NewLeaderProof::decode);

    public static final MessageKind REPORT =
            new MessageKind(50, "REPORT", AuthKind.CARRIED, TrafficClass.ORDERING, Report::decode);
    public static final MessageKind PC_SET =
            new MessageKind(51, "PC-SET", AuthKind.CARRIED, TrafficClass.ORDERING, PcSet::decode);
    public static final MessageKind RB_INIT =
            new MessageKind(52, "RB-INIT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, RbInit::decode);
    public static final MessageKind RB_ECHO =
            new MessageKind(53, "RB-ECHO", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, RbEcho::decode);
    public static final MessageKind RB_READY =
            new MessageKind(54, "RB-READY", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, RbReady::decode);
    public static final MessageKind VC_LIST =
            new MessageKind(55, "VC-LIST", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, VcList::decode);
    public static final MessageKind VC_PARTIAL_SIG =
            new MessageKind(56, "VC-PARTIAL-SIG", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, VcPartialSig::decode);
    public static final MessageKind VC_PROOF =
            new MessageKind(57, "VC-PROOF", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, VcProof::decode);
    public static final MessageKind REPLAY =
            new MessageKind(58, "REPLAY", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Replay::decode);
    public static final MessageKind REPLAY_PREPARE =
            new MessageKind(59, "REPLAY-PREPARE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, ReplayPrepare::decode);
    public static final MessageKind REPLAY_COMMIT =
            new MessageKind(60, "REPLAY-COMMIT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, ReplayCommit::decode);
    public static final MessageKind REPLAY_CONFLICT =
            new MessageKind(61, "REPLAY-CONFLICT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, ReplayConflict::decode);

    public static final MessageKind REPLAY_CERTIFICATE =
            new MessageKind(72, "REPLAY-CERTIFICATE", AuthKind.MERKLE_BATCH, TrafficClass.RECONCILIATION, ReplayCertificate::decode);

    public static final MessageKind CATCHUP_REQUEST =
            new MessageKind(70, "CATCHUP-REQUEST", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, CatchupRequest::decode);
    public static final MessageKind ORDER_CERTIFICATE =
            new MessageKind(71, "ORDER-CERTIFICATE", AuthKind.MERKLE_BATCH, TrafficClass.RECONCILIATION, OrderCertificate::decode);

    public static final MessageKind CHECKPOINT =
            new MessageKind(73, "CHECKPOINT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Checkpoint::decode);
    public static final MessageKind STATE_REQUEST =
            new MessageKind(74, "STATE-REQUEST", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, StateRequest::decode);
    public static final MessageKind STATE_CHUNK =
            new MessageKind(75, "STATE-CHUNK", AuthKind.MERKLE_BATCH, TrafficClass.RECONCILIATION, StateChunk::decode);

    private static final List<MessageKind> KINDS = new ArrayList<>(List.of(
            CLIENT_UPDATE, REPLY, PO_REQUEST, PO_ACK, PO_ARU, PROOF_MATRIX, PRE_PREPARE, PREPARE, COMMIT,
            PRE_PREPARE_CONFLICT, RECONCILIATION, BLACKLIST_PROOF,
            RTT_PING, RTT_PONG, RTT_MEASURE, TAT_UB, TAT_MEASURE, NEW_LEADER, NEW_LEADER_PROOF,
            REPORT, PC_SET, RB_INIT, RB_ECHO, RB_READY, VC_LIST, VC_PARTIAL_SIG, VC_PROOF, REPLAY, REPLAY_PREPARE,
            REPLAY_COMMIT, REPLAY_CONFLICT,
            CATCHUP_REQUEST, ORDER_CERTIFICATE, REPLAY_CERTIFICATE, CHECKPOINT, STATE_REQUEST, STATE_CHUNK));

    /** Every kind of the Prime protocol, in id order. */
    public static List<MessageKind> kinds() {
        return List.copyOf(KINDS);
    }

    public static MessageRegistry registry() {
        return new MessageRegistry(KINDS);
    }
}
