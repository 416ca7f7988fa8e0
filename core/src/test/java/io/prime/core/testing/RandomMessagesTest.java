package io.prime.core.testing;

import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireLimits;
import io.prime.core.message.AuthKind;
import io.prime.core.message.BlacklistProof;
import io.prime.core.message.Reconciliation;
import io.prime.core.reconcile.erasure.CauchyReedSolomon;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.CatchupRequest;
import io.prime.core.message.NewLeaderProof;
import io.prime.core.message.PcSet;
import io.prime.core.message.Commit;
import io.prime.core.message.OrderCertificate;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.Prepare;
import io.prime.core.message.PrimeMessages;
import io.prime.core.message.ProofMatrix;
import io.prime.core.message.Reply;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator itself: it knows every kind, stays inside the limits, and actually produces the edge values the
 * property tests rely on (otherwise those tests would pass vacuously).
 */
class RandomMessagesTest {
    @Test
    void coversEveryKindAndRespectsLimits() {
        for (TestProfiles p : TestProfiles.all()) {
            RandomMessages gen = p.generator();
            WireLimits l = p.limits();
            int n = l.replicaCount();
            SplittableRandom r = new SplittableRandom(99);
            for (MessageKind kind : PrimeMessages.kinds()) {
                for (int i = 0; i < 200; i++) {
                    Message m = gen.random(kind, r);
                    assertEquals(kind, m.kind());
                    assertTrue(gen.fitsInFrame(m), p + " " + m);
                    if (kind.auth() == AuthKind.MERKLE_BATCH) {
                        assertTrue(m.batchSigner() >= 0 && m.batchSigner() < n, p + " " + m);
                    } else {
                        assertEquals(-1, m.batchSigner());
                    }
                    checkLimits(m, l);
                }
            }
        }
    }

    private static void checkLimits(Message m, WireLimits l) {
        int n = l.replicaCount();
        if (m instanceof ClientUpdate u) {
            assertTrue(u.clientId() < l.clientCount());
            assertTrue(u.payloadLength() <= l.maxUpdatePayloadBytes());
        } else if (m instanceof Reply x) {
            assertTrue(x.result().length <= l.maxReplyBytes() && x.clientId() < l.clientCount());
        } else if (m instanceof PoRequest q) {
            assertTrue(q.poSeq() >= 1 && q.updates().size() <= l.maxUpdatesPerPoRequest());
            q.updates().forEach(u -> checkLimits(u, l));
        } else if (m instanceof PoAck a) {
            assertTrue(a.entries().size() <= l.maxPoAckEntries());
            a.entries().forEach(e -> assertTrue(e.poSeq() >= 1 && e.origin() < n));
        } else if (m instanceof PoAru a) {
            assertEquals(n, a.vector().size());
        } else if (m instanceof ProofMatrix pm) {
            checkMatrix(pm.matrix(), n);
        } else if (m instanceof PrePrepare pp) {
            assertTrue(pp.seq() >= 1);
            checkMatrix(pp.matrix(), n);
        } else if (m instanceof Prepare x) {
            assertTrue(x.view() >= 0 && x.seq() >= 1);
        } else if (m instanceof Commit x) {
            assertTrue(x.view() >= 0 && x.seq() >= 1);
        } else if (m instanceof io.prime.core.message.PrePrepareConflict x) {
            checkLimits(x.first().message(), l);
            checkLimits(x.second().message(), l);
        } else if (m.kind().id() >= 40 && m.kind().id() <= 61 || m.kind().id() == 72) {
            // SUSPECT-LEADER and view change kinds: replica ids and views are range-checked by their constructors;
            // nested frames must themselves respect the limits.
            if (m instanceof PcSet pc) {
                checkLimits(pc.prePrepare().message(), l);
                pc.prepares().forEach(f -> checkLimits(f.message(), l));
            } else if (m instanceof NewLeaderProof p) {
                assertTrue(p.votes().size() <= n);
            }
        } else if (m instanceof Reconciliation x) {
            int f = (n - 1) / 3;
            assertTrue(x.sender() < n && x.origin() < n && x.poSeq() >= 1 && x.partIndex() < 2 * f + 1);
            assertTrue(x.totalLength() <= l.maxFrameBytes() && x.part().length <= l.maxBlobBytes());
            assertEquals(CauchyReedSolomon.partLength(x.totalLength(), f + 1), x.part().length);
        } else if (m instanceof BlacklistProof b) {
            assertTrue(b.sender() < n && b.accused() < n);
            checkLimits(b.first(), l);
            checkLimits(b.second(), l);
            assertEquals(b.first().sender(), b.second().sender());
        } else if (m instanceof CatchupRequest c) {
            assertTrue(c.sender() < n && c.orderedAru() >= 0);
        } else if (m instanceof io.prime.core.message.Checkpoint c) {
            assertTrue(c.sender() < n && c.seq() >= 1);
        } else if (m instanceof io.prime.core.message.StateRequest c) {
            assertTrue(c.sender() < n && c.seq() >= 1 && c.fromChunk() >= 0);
        } else if (m instanceof io.prime.core.message.StateChunk c) {
            assertTrue(c.sender() < n && c.index() < c.total() && c.dataUnsafe().length <= l.maxBlobBytes());
        } else if (m instanceof OrderCertificate c) {
            checkLimits(c.prePrepare().message(), l);
            assertTrue(c.commits().size() <= n);
            c.commits().forEach(f -> checkLimits(f.message(), l));
        } else {
            throw new AssertionError("unchecked kind " + m.kind());
        }
    }

    private static void checkMatrix(PoAruMatrix matrix, int n) {
        assertEquals(n, matrix.size());
        for (int i = 0; i < n; i++) {
            PoAru row = matrix.row(i);
            assertTrue(row == null || (row.sender() == i && row.vector().size() == n));
        }
    }

    /** Under small limits every bound is hit exactly, and the usual edge values all come up. */
    @Test
    void producesEdgeValues() {
        TestProfiles p = TestProfiles.small7();
        RandomMessages gen = p.generator();
        WireLimits l = p.limits();
        SplittableRandom r = new SplittableRandom(2024);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            for (MessageKind kind : PrimeMessages.kinds()) {
                Message m = gen.random(kind, r);
                if (m instanceof ClientUpdate u) {
                    mark(seen, u.payloadLength() == 0, "empty payload");
                    mark(seen, u.payloadLength() == l.maxUpdatePayloadBytes(), "max payload");
                    mark(seen, u.requestNumber() == 0, "request 0");
                    mark(seen, u.requestNumber() == Long.MAX_VALUE, "request max");
                    mark(seen, u.clientId() == 0, "client 0");
                    mark(seen, u.clientId() == l.clientCount() - 1, "last client");
                } else if (m instanceof Reply x) {
                    mark(seen, x.result().length == 0, "empty result");
                    mark(seen, x.result().length == l.maxReplyBytes(), "max result");
                    mark(seen, x.globalSeq() == Long.MAX_VALUE, "reply seq max");
                } else if (m instanceof PoRequest q) {
                    mark(seen, q.updates().isEmpty(), "empty po-request");
                    mark(seen, q.updates().size() == l.maxUpdatesPerPoRequest(), "full po-request");
                    mark(seen, q.poSeq() == 1, "po seq 1");
                    mark(seen, q.poSeq() == Long.MAX_VALUE, "po seq max");
                    mark(seen, q.origin() == l.replicaCount() - 1, "last origin");
                } else if (m instanceof PoAck a) {
                    mark(seen, a.entries().isEmpty(), "empty po-ack");
                    mark(seen, a.entries().size() == l.maxPoAckEntries(), "full po-ack");
                } else if (m instanceof PoAru a) {
                    mark(seen, a.vector().get(0) == 0, "aru 0");
                    mark(seen, a.vector().get(l.replicaCount() - 1) == Long.MAX_VALUE, "aru max");
                } else if (m instanceof PrePrepare pp) {
                    int present = present(pp.matrix());
                    mark(seen, present == 0, "empty matrix");
                    mark(seen, present == l.replicaCount(), "full matrix");
                    mark(seen, pp.seq() == 1, "pre-prepare seq 1");
                    mark(seen, pp.view() == 0, "view 0");
                    mark(seen, pp.view() == Long.MAX_VALUE, "view max");
                } else if (m instanceof Prepare x) {
                    mark(seen, x.seq() == 1, "prepare seq 1");
                } else if (m instanceof Commit x) {
                    mark(seen, x.prePrepareDigest().equals(io.prime.core.crypto.Digest.ZERO), "zero digest");
                }
            }
        }
        for (String expected : new String[] {"empty payload", "max payload", "request 0", "request max", "client 0",
                "last client", "empty result", "max result", "reply seq max", "empty po-request", "full po-request",
                "po seq 1", "po seq max", "last origin", "empty po-ack", "full po-ack", "aru 0", "aru max",
                "empty matrix", "full matrix", "pre-prepare seq 1", "view 0", "view max", "prepare seq 1", "zero digest"}) {
            assertTrue(seen.contains(expected), "never generated: " + expected);
        }
    }

    private static void mark(Set<String> seen, boolean condition, String what) {
        if (condition) {
            seen.add(what);
        }
    }

    private static int present(PoAruMatrix m) {
        int c = 0;
        for (int i = 0; i < m.size(); i++) {
            c += m.row(i) == null ? 0 : 1;
        }
        return c;
    }

    /** Frames made by the generator are what {@link FrameCodec} would make: batch kinds carry a proof. */
    @Test
    void framesHaveTheRightAuthenticator() {
        RandomMessages gen = TestProfiles.small4().generator();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            var f = gen.randomFrame(r);
            assertEquals(f.kind().auth() == AuthKind.MERKLE_BATCH, f.proof() != null, f.toString());
        }
    }
}
