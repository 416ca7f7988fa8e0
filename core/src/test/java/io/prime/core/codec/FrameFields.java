package io.prime.core.codec;

import io.prime.core.crypto.Digest;
import io.prime.core.message.BlacklistProof;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Reconciliation;
import io.prime.core.message.CatchupRequest;
import io.prime.core.message.RttPing;
import io.prime.core.message.RttPong;
import io.prime.core.message.RttMeasure;
import io.prime.core.message.TatUb;
import io.prime.core.message.TatMeasure;
import io.prime.core.message.NewLeader;
import io.prime.core.message.NewLeaderProof;
import io.prime.core.message.Report;
import io.prime.core.message.PcSet;
import io.prime.core.message.RbInit;
import io.prime.core.message.RbEcho;
import io.prime.core.message.RbReady;
import io.prime.core.message.VcList;
import io.prime.core.message.VcPartialSig;
import io.prime.core.message.VcProof;
import io.prime.core.message.Replay;
import io.prime.core.message.ReplayPrepare;
import io.prime.core.message.ReplayCommit;
import io.prime.core.message.ReplayCertificate;
import io.prime.core.message.ReplayConflict;
import io.prime.core.message.Commit;
import io.prime.core.message.OrderCertificate;
import io.prime.core.message.Message;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.Prepare;
import io.prime.core.message.ProofMatrix;
import io.prime.core.message.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the interesting fields of a valid frame are, computed from its message and the layout written down in
 * docs/protocol-wire.md (not from the decoder), so the fuzzer can aim at lengths, counts, ids and flags, and a test
 * can check that the documented layout accounts for every byte.
 */
final class FrameFields {
    private FrameFields() {
    }

    enum Role {
        BODY_LENGTH, PAYLOAD_LENGTH, RESULT_LENGTH, SIGNATURE_LENGTH, UPDATE_COUNT, ACK_COUNT,
        REPLICA_ID, CLIENT_ID, ROW_FLAG, SEQ, MERKLE_DEPTH, LEAF_INDEX, PART_LENGTH
    }

    /** A field of {@code width} bytes at {@code offset}. */
    record Field(Role role, int offset, int width) {
    }

    /** Result of walking a frame: its fields and where the walk ended (must equal the frame's length). */
    record Layout(List<Field> fields, int signedLength, int end) {
    }

    static Layout of(Frame f, int replicaCount) {
        List<Field> out = new ArrayList<>();
        out.add(new Field(Role.BODY_LENGTH, 2, 4));
        int b = FrameCodec.HEADER_BYTES;
        int n = replicaCount;
        Message m = f.message();
        int end;
        if (m instanceof ClientUpdate u) {
            end = update(out, b, u);
        } else if (m instanceof Reply x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.CLIENT_ID, b + 2, 4));
            out.add(new Field(Role.SEQ, b + 6, 8));
            out.add(new Field(Role.SEQ, b + 14, 8));
            out.add(new Field(Role.RESULT_LENGTH, b + 22, 4));
            end = b + 26 + x.result().length;
        } else if (m instanceof PoRequest q) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            out.add(new Field(Role.UPDATE_COUNT, b + 10, 4));
            int pos = b + 14;
            for (ClientUpdate u : q.updates()) {
                pos = update(out, pos, u);
            }
            end = pos;
        } else if (m instanceof PoAck a) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.ACK_COUNT, b + 2, 4));
            int pos = b + 6;
            for (int i = 0; i < a.entries().size(); i++) {
                out.add(new Field(Role.REPLICA_ID, pos, 2));
                out.add(new Field(Role.SEQ, pos + 2, 8));
                pos += 2 + 8 + Digest.LENGTH;
            }
            end = pos;
        } else if (m instanceof PoAru a) {
            end = poAru(out, b, a, n);
        } else if (m instanceof ProofMatrix pm) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            end = matrix(out, b + 10, pm.matrix(), n);
        } else if (m instanceof PrePrepare pp) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 8, 8));
            out.add(new Field(Role.REPLICA_ID, b + 16, 2));
            end = matrix(out, b + 18, pp.matrix(), n);
        } else if (m instanceof Prepare || m instanceof Commit) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 8, 8));
            out.add(new Field(Role.REPLICA_ID, b + 16, 2));
            end = b + 18 + Digest.LENGTH;
        } else if (m instanceof RttPing || m instanceof TatUb || m instanceof TatMeasure) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 8, 8));
            out.add(new Field(Role.REPLICA_ID, b + 16, 2));
            end = b + 18;
        } else if (m instanceof RttPong || m instanceof RttMeasure) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 8, 8));
            out.add(new Field(Role.REPLICA_ID, b + 16, 2));
            out.add(new Field(Role.REPLICA_ID, b + 18, 2));
            end = b + 20;
        } else if (m instanceof NewLeader) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.REPLICA_ID, b + 8, 2));
            end = b + 10;
        } else if (m instanceof Report) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 8, 8));
            out.add(new Field(Role.REPLICA_ID, b + 20, 2));
            end = b + 22;
        } else if (m instanceof RbReady) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.REPLICA_ID, b + 2, 2));
            out.add(new Field(Role.SEQ, b + 4, 8));
            end = b + 16 + Digest.LENGTH;
        } else if (m instanceof VcList) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.REPLICA_ID, b + 16, 2));
            end = b + 18;
        } else if (m instanceof ReplayPrepare) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.REPLICA_ID, b + 8 + Digest.LENGTH, 2));
            end = b + 10 + Digest.LENGTH;
        } else if (m instanceof ReplayCommit) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.REPLICA_ID, b + 8 + 2 * Digest.LENGTH, 2));
            end = b + 10 + 2 * Digest.LENGTH;
        } else if (m instanceof VcPartialSig x) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 16, 8));
            // Threshold shares and proofs are not Ed25519 signatures: their length field is no fuzz target here.
            int pos = b + 26 + x.partial().length;
            out.add(new Field(Role.REPLICA_ID, pos, 2));
            end = pos + 2;
        } else if (m instanceof VcProof x) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 16, 8));
            int pos = b + 26 + x.proof().length;
            out.add(new Field(Role.REPLICA_ID, pos, 2));
            end = pos + 2;
        } else if (m instanceof Replay x) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.SEQ, b + 16, 8));
            int pos = b + 26 + x.proof().length;
            out.add(new Field(Role.REPLICA_ID, pos, 2));
            end = pos + 2;
        } else if (m instanceof NewLeaderProof x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            int pos = b + 14;
            for (Frame v : x.votes()) {
                pos += 4 + v.length();
            }
            end = pos;
        } else if (m instanceof PcSet x) {
            out.add(new Field(Role.SEQ, b, 8));
            out.add(new Field(Role.REPLICA_ID, b + 8, 2));
            int pos = b + 10 + 4 + x.prePrepare().length() + 4;
            for (Frame v : x.prepares()) {
                pos += 4 + v.length();
            }
            end = pos;
        } else if (m instanceof RbInit x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            end = b + 14 + 4 + x.payload().length();
        } else if (m instanceof RbEcho x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.REPLICA_ID, b + 2, 2));
            out.add(new Field(Role.SEQ, b + 4, 8));
            end = b + 16 + 4 + x.payload().length();
        } else if (m instanceof ReplayCertificate x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            int pos = b + 2 + 4 + x.replay().length() + 4;
            for (Frame c : x.commits()) {
                pos += 4 + c.length();
            }
            pos += 8 + 4;
            for (Frame bound : x.bindings()) {
                pos += 4 + bound.length();
            }
            end = pos;
        } else if (m instanceof ReplayConflict x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            end = b + 2 + 4 + x.first().length() + 4 + x.second().length();
        } else if (m instanceof io.prime.core.message.PrePrepareConflict x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            end = b + 2 + 4 + x.first().length() + 4 + x.second().length();
        } else if (m instanceof Reconciliation x) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.REPLICA_ID, b + 2, 2));
            out.add(new Field(Role.SEQ, b + 4, 8));
            // digest at b + 12, part index (u8) at b + 44, total length (u32) at b + 45
            out.add(new Field(Role.PART_LENGTH, b + 49, 4));
            end = b + 53 + x.part().length;
        } else if (m instanceof BlacklistProof p) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            int pos = poAru(out, b + 2, p.first(), n);
            end = poAru(out, pos, p.second(), n);
        } else if (m instanceof CatchupRequest c) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            out.add(new Field(Role.SEQ, b + 10, 8));
            end = b + 19;
        } else if (m instanceof io.prime.core.message.Checkpoint c) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            end = b + 10 + 32;
        } else if (m instanceof io.prime.core.message.StateRequest c) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            end = b + 10 + 32 + 4;
        } else if (m instanceof io.prime.core.message.StateChunk c) {
            out.add(new Field(Role.REPLICA_ID, b, 2));
            out.add(new Field(Role.SEQ, b + 2, 8));
            out.add(new Field(Role.PART_LENGTH, b + 10 + 32 + 8, 4));
            end = b + 10 + 32 + 8 + 4 + c.dataUnsafe().length;
        } else if (m instanceof OrderCertificate c) {
            // Nested frames are opaque blobs here (bounded by the frame limit, the commit count by N): their own
            // layouts are covered when they travel alone, so only the replica id is a fuzz target.
            out.add(new Field(Role.REPLICA_ID, b, 2));
            int pos = b + 6 + c.prePrepare().length() + 4;
            for (Frame commit : c.commits()) {
                pos += 4 + commit.length();
            }
            end = pos;
        } else {
            throw new IllegalArgumentException("no layout for " + m.kind());
        }
        int signedLength = end;
        MerkleProof proof = f.proof();
        if (proof != null) {
            out.add(new Field(Role.MERKLE_DEPTH, end, 1));
            out.add(new Field(Role.LEAF_INDEX, end + 1, 4));
            int sig = end + 5 + proof.depth() * Digest.LENGTH;
            out.add(new Field(Role.SIGNATURE_LENGTH, sig, 2));
            end = sig + 2 + proof.signature().length;
        }
        return new Layout(out, signedLength, end);
    }

    private static int update(List<Field> out, int pos, ClientUpdate u) {
        out.add(new Field(Role.CLIENT_ID, pos, 4));
        out.add(new Field(Role.SEQ, pos + 4, 8));
        out.add(new Field(Role.PAYLOAD_LENGTH, pos + 12, 4));
        int sig = pos + 16 + u.payloadLength();
        out.add(new Field(Role.SIGNATURE_LENGTH, sig, 2));
        return sig + 2 + u.signature().length;
    }

    private static int poAru(List<Field> out, int pos, PoAru a, int n) {
        out.add(new Field(Role.REPLICA_ID, pos, 2));
        for (int i = 0; i < n; i++) {
            out.add(new Field(Role.SEQ, pos + 2 + 8 * i, 8));
        }
        int sig = pos + 2 + 8 * n;
        out.add(new Field(Role.SIGNATURE_LENGTH, sig, 2));
        return sig + 2 + a.signature().length;
    }

    private static int matrix(List<Field> out, int pos, PoAruMatrix matrix, int n) {
        for (int i = 0; i < n; i++) {
            out.add(new Field(Role.ROW_FLAG, pos, 1));
            pos++;
            if (matrix.row(i) != null) {
                pos = poAru(out, pos, matrix.row(i), n);
            }
        }
        return pos;
    }

    /** The largest legal value of a length or count field under {@code l}, or -1 for other fields. */
    static long limit(Role role, WireLimits l) {
        return switch (role) {
            case PAYLOAD_LENGTH -> l.maxUpdatePayloadBytes();
            case RESULT_LENGTH -> l.maxReplyBytes();
            case SIGNATURE_LENGTH -> l.maxSignatureBytes();
            case PART_LENGTH -> l.maxBlobBytes();
            case UPDATE_COUNT -> l.maxUpdatesPerPoRequest();
            case ACK_COUNT -> l.maxPoAckEntries();
            case BODY_LENGTH -> l.maxFrameBytes() - FrameCodec.HEADER_BYTES;
            default -> -1;
        };
    }

    static boolean isCount(Role role) {
        return role == Role.UPDATE_COUNT || role == Role.ACK_COUNT;
    }

    static boolean isLength(Role role) {
        return role == Role.PAYLOAD_LENGTH || role == Role.RESULT_LENGTH || role == Role.SIGNATURE_LENGTH
                || role == Role.PART_LENGTH;
    }

    /** Writes {@code value} big-endian into the field (truncated to its width). */
    static void write(byte[] bytes, Field f, long value) {
        for (int i = 0; i < f.width(); i++) {
            bytes[f.offset() + i] = (byte) (value >>> (8 * (f.width() - 1 - i)));
        }
    }

    static long read(byte[] bytes, Field f) {
        long v = 0;
        for (int i = 0; i < f.width(); i++) {
            v = (v << 8) | (bytes[f.offset() + i] & 0xFF);
        }
        return v;
    }
}
