package io.prime.runtime;

import io.prime.core.RejectReason;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.Signer;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Prepare;
import io.prime.core.message.PrimeMessages;
import io.prime.core.crypto.Digest;
import io.prime.crypto.SignatureSchemes;
import io.prime.kv.KvOperation;
import io.prime.runtime.config.KeyFiles;
import io.prime.runtime.transport.Handshake;
import io.prime.runtime.transport.Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running 4-replica cluster (in this JVM, real sockets) probed by hand-written connections: strangers and bad
 * frames are refused and counted, and the replica keeps serving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicaEdgeTest {
    @TempDir
    static Path dir;
    static LocalCluster cluster;
    static ReplicaNode node;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.generate(dir, 4).startAll();
        node = cluster.node(1);
        port = cluster.config().replica(1).port();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Signer clientSigner(int client) {
        return SignatureSchemes.fastestAvailable().signer(KeyFiles.readPrivate(cluster.config().clientKeyFile(client)));
    }

    private static Signer strangerSigner() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return SignatureSchemes.fastestAvailable().signer(seed);
    }

    @Test
    void aConnectionWithAnUnknownKeyIsRefusedAndCounted() throws Exception {
        long before = node.transportCounters().handshakeRefusals(Handshake.Refusal.BAD_SIGNATURE);
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            assertFalse(c.handshake(Identity.client(0), strangerSigner()), "a key not in the configuration must be refused");
            assertTrue(c.closedByPeer());
        }
        assertEquals(before + 1, node.transportCounters().handshakeRefusals(Handshake.Refusal.BAD_SIGNATURE));
    }

    @Test
    void anIdentityNotInTheConfigurationIsDroppedBeforeAnyVerification() throws Exception {
        long before = node.transportCounters().handshakeRefusals(Handshake.Refusal.UNKNOWN_PEER);
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            assertFalse(c.handshake(Identity.client(1_000_000), strangerSigner()));
        }
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            assertFalse(c.handshake(Identity.replica(77), strangerSigner()));
        }
        assertEquals(before + 2, node.transportCounters().handshakeRefusals(Handshake.Refusal.UNKNOWN_PEER));
    }

    @Test
    void aReplicaMayNotDialALowerId() throws Exception {
        Signer replica3 = SignatureSchemes.fastestAvailable().signer(KeyFiles.readPrivate(cluster.config().replicaKeyFile(3)));
        long before = node.transportCounters().handshakeRefusals(Handshake.Refusal.WRONG_DIRECTION);
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            assertFalse(c.handshake(Identity.replica(3), replica3));
        }
        assertEquals(before + 1, node.transportCounters().handshakeRefusals(Handshake.Refusal.WRONG_DIRECTION));
    }

    @Test
    void malformedFramesAreCountedAndTheConnectionAndReplicaKeepWorking() throws Exception {
        long malformed = node.edgeCounters().rejected(RejectReason.MALFORMED);
        long unexpected = node.edgeCounters().rejected(RejectReason.UNEXPECTED);
        long badSignature = node.edgeCounters().rejected(RejectReason.BAD_SIGNATURE);
        long wrongSender = node.edgeCounters().rejected(RejectReason.WRONG_SENDER);
        Signer signer = clientSigner(2);
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            assertTrue(c.handshake(Identity.client(2), signer));
            c.send(new byte[0]);
            c.send(new byte[] {1, 1, 0, 0, 0, 99, 1, 2});       // UPDATE claiming 99 body bytes, 2 present
            c.send(new byte[] {9, 1, 0, 0, 0, 0});              // unknown version
            byte[] garbage = new byte[300];
            new SecureRandom().nextBytes(garbage);
            garbage[1] = 1;
            c.send(garbage);                                    // random body
            c.send(FrameCodec.encodeUnsigned(new Prepare(0, 1, 0, Digest.of(new byte[32])))); // not an update
            byte[] payload = KvOperation.encode(KvOperation.put("edge", "v"));
            byte[] forged = signer.sign(ClientUpdate.signedBytes(2, 5, new byte[] {1}));
            c.send(FrameCodec.selfSigned(new ClientUpdate(2, 5, payload, forged)).bytes()); // signature over other bytes
            byte[] other = clientSigner(3).sign(ClientUpdate.signedBytes(3, 6, payload));
            c.send(FrameCodec.selfSigned(new ClientUpdate(3, 6, payload, other)).bytes()); // client 3's update on 2's link
            // A valid update on the same connection: its reply proves everything before it was processed.
            long request = 7;
            byte[] good = signer.sign(ClientUpdate.signedBytes(2, request, payload));
            c.send(FrameCodec.selfSigned(new ClientUpdate(2, request, payload, good)).bytes());
            io.prime.core.message.Reply reply = awaitReply(c, request);
            assertEquals(1, reply.replica());
        }
        assertTrue(node.edgeCounters().rejected(RejectReason.MALFORMED) >= malformed + 3);
        assertEquals(unexpected + 1, node.edgeCounters().rejected(RejectReason.UNEXPECTED));
        assertEquals(badSignature + 1, node.edgeCounters().rejected(RejectReason.BAD_SIGNATURE));
        assertEquals(wrongSender + 1, node.edgeCounters().rejected(RejectReason.WRONG_SENDER));
        assertFalse(node.failed());
    }

    private static io.prime.core.message.Reply awaitReply(RawConnection c, long request) throws Exception {
        FrameCodec codec = new FrameCodec(PrimeMessages.registry(), cluster.config().wireLimits());
        while (true) {
            io.prime.core.codec.Frame f = codec.decode(c.read());
            if (f.message() instanceof io.prime.core.message.Reply r && r.requestNumber() == request) {
                return r;
            }
        }
    }

    @Test
    void anOversizedFrameClosesTheConnectionAndIsCounted() throws Exception {
        long before = node.transportCounters().oversizedFrames.sum();
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            assertTrue(c.handshake(Identity.client(3), clientSigner(3)));
            int tooLong = cluster.config().transport().maxFrameBytes() + 1;
            c.sendRaw(new byte[] {(byte) (tooLong >>> 24), (byte) (tooLong >>> 16), (byte) (tooLong >>> 8), (byte) tooLong, 1, 1});
            assertTrue(c.closedByPeer());
        }
        assertEquals(before + 1, node.transportCounters().oversizedFrames.sum());
        // Before the handshake too: the length is checked before anything is buffered.
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            c.read(); // CHALLENGE
            c.sendRaw(new byte[] {(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertTrue(c.closedByPeer());
        }
        assertEquals(before + 2, node.transportCounters().oversizedFrames.sum());
        assertFalse(node.failed());
        assertEquals(List.of(), List.of()); // the replica is still up: the other tests use it afterwards
    }

    @Test
    void handshakeFramesRoundTrip() throws Exception {
        byte[] nonce = new byte[32];
        nonce[3] = 7;
        Handshake.Challenge c = Handshake.decodeChallenge(Handshake.encodeChallenge(3, nonce));
        assertEquals(3, c.acceptorId());
        assertArrayEquals(nonce, c.nonce());
    }
}
