package io.prime.core.codec;

import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.MerkleTree;
import io.prime.core.message.AuthKind;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;
import io.prime.core.message.PrimeMessages;
import io.prime.core.message.Reply;
import io.prime.core.testing.RandomMessages;
import io.prime.core.testing.TestProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded round-trip properties of the frame codec: decoding a valid frame gives back an equal message, the same
 * content digest and the same proof, and re-encoding gives back the exact bytes (one encoding per frame).
 */
class FrameRoundTripTest {
    private static final long SEED = 0x5EED_C0DEC_0001L;

    static List<TestProfiles> profiles() {
        return TestProfiles.all();
    }

    private static int messagesPerKind(TestProfiles p) {
        return p.limits().replicaCount() >= 64 ? 300 : 2_000;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void everyKindRoundTrips(TestProfiles profile) {
        RandomMessages gen = profile.generator();
        FrameCodec codec = gen.codec();
        Hasher hasher = new Hasher();
        for (MessageKind kind : PrimeMessages.kinds()) {
            long seed = SEED ^ ((long) kind.id() << 40) ^ profile.limits().replicaCount();
            SplittableRandom r = new SplittableRandom(seed);
            int count = messagesPerKind(profile);
            for (int i = 0; i < count; i++) {
                Message m = gen.random(kind, r);
                assertEquals(kind, m.kind());
                // Half the batch-signed ones alone, half at a random place in a random batch.
                Frame sent = i % 2 == 0 ? gen.frame(m) : gen.randomFrame(m, r);
                checkRoundTrip(codec, hasher, sent, () -> profile + " " + kind + " seed " + seed);
            }
        }
    }

    static void checkRoundTrip(FrameCodec codec, Hasher hasher, Frame sent, java.util.function.Supplier<String> where) {
        Message m = sent.message();
        byte[] wire = sent.bytes().clone();
        Frame got;
        try {
            got = codec.decode(wire);
        } catch (MalformedFrameException e) {
            fail(where.get() + ": valid " + m + " refused: " + e.getMessage() + "\n" + HexFormat.of().formatHex(wire));
            return;
        }
        assertEquals(m.kind(), got.kind(), where);
        assertEquals(m, got.message(), where);
        // Canonical: exactly one encoding, so re-encoding what was decoded gives the input back.
        assertArrayEquals(wire, RandomMessages.reencode(got), where);
        byte[] unsigned = FrameCodec.encodeUnsigned(got.message());
        assertEquals(unsigned.length, got.signedLength(), where);
        assertArrayEquals(unsigned, Arrays.copyOf(wire, got.signedLength()), where);
        assertEquals(wire.length, got.length(), where);
        // Same content digest, whether computed by the signer, the receiver, or from scratch.
        Digest expected = hasher.digest(DomainTag.MERKLE_LEAF, unsigned, 0, unsigned.length);
        assertEquals(expected, got.contentDigest(new Hasher()), where);
        assertEquals(expected, sent.contentDigest(new Hasher()), where);
        if (m.kind().auth() == AuthKind.MERKLE_BATCH) {
            assertEquals(sent.proof(), got.proof(), where);
        } else {
            assertNull(got.proof(), where);
        }
    }

    /** The u32 client id round-trips up to 2^32 - 1 (the generator stays below the clients that have keys). */
    @Test
    void clientIdEdgesRoundTrip() throws MalformedFrameException {
        TestProfiles p = TestProfiles.small4();
        RandomMessages gen = p.generator();
        FrameCodec codec = gen.codec();
        Hasher hasher = new Hasher();
        for (long client : new long[] {0L, 0x7FL, 0x80L, 0xFFL, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL}) {
            ClientUpdate u = new ClientUpdate(client, Long.MAX_VALUE, new byte[] {1, 2, 3}, new byte[16]);
            checkRoundTrip(codec, hasher, FrameCodec.selfSigned(u), () -> "update of client " + client);
            Reply reply = new Reply(3, client, 0, Long.MAX_VALUE, new byte[0]);
            checkRoundTrip(codec, hasher, gen.frame(reply), () -> "reply to client " + client);
            assertEquals(client, ((ClientUpdate) codec.decode(FrameCodec.selfSigned(u).bytes()).message()).clientId());
        }
    }

    /** Batches of 1..300 messages: every frame decodes, and its proof recomputes the root the signer signed. */
    @Test
    void batchesOfOneToThreeHundred() {
        TestProfiles p = TestProfiles.small4();
        RandomMessages gen = p.generator();
        FrameCodec codec = gen.codec();
        KeyDirectory directory = p.keys().directory();
        Hasher hasher = new Hasher();
        SplittableRandom r = new SplittableRandom(SEED + 300);
        for (int n = 1; n <= 300; n++) {
            int signer = gen.replica(r);
            List<Message> messages = new ArrayList<>(n);
            List<Digest> leaves = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Message m = gen.randomBatchSigned(signer, r);
                messages.add(m);
                byte[] unsigned = FrameCodec.encodeUnsigned(m);
                leaves.add(hasher.digest(DomainTag.MERKLE_LEAF, unsigned, 0, unsigned.length));
            }
            Digest root = MerkleTree.build(leaves, hasher).root();
            byte[] signedRoot = DomainTag.signedBytes(DomainTag.MERKLE_ROOT_SIGNATURE, root);
            List<Frame> frames = gen.batch(messages);
            assertEquals(n, frames.size());
            byte[] signature = frames.get(0).proof().signature();
            assertTrue(directory.verifyReplica(signer, signedRoot, 0, signedRoot.length, signature), "batch " + n);
            for (int i = 0; i < n; i++) {
                int batchSize = n;
                int index = i;
                Frame got;
                try {
                    got = codec.decode(frames.get(i).bytes().clone());
                } catch (MalformedFrameException e) {
                    fail("batch " + n + " frame " + i + ": " + e.getMessage());
                    return;
                }
                assertEquals(messages.get(i), got.message());
                assertArrayEquals(frames.get(i).bytes(), RandomMessages.reencode(got));
                MerkleProof proof = got.proof();
                assertNotNull(proof);
                assertEquals(i, proof.leafIndex(), () -> "batch " + batchSize + " frame " + index);
                assertEquals(MerkleTree.depthFor(n), proof.depth(), () -> "batch " + batchSize);
                assertArrayEquals(signature, proof.signature());
                Digest leaf = got.contentDigest(hasher);
                assertEquals(leaves.get(i), leaf);
                assertEquals(root, MerkleTree.rootFromProof(leaf, proof.leafIndex(), proof.siblings(), hasher),
                        () -> "batch " + batchSize + " frame " + index);
            }
        }
    }

    /** Same seed, same bytes: tests built on the generator are reproducible. */
    @Test
    void generatorIsDeterministic() {
        for (TestProfiles p : List.of(TestProfiles.small7(), TestProfiles.defaults10())) {
            RandomMessages a = p.generator();
            RandomMessages b = p.generator();
            SplittableRandom ra = new SplittableRandom(42);
            SplittableRandom rb = new SplittableRandom(42);
            for (int i = 0; i < 500; i++) {
                assertArrayEquals(a.randomFrame(ra).bytes(), b.randomFrame(rb).bytes(), p + " frame " + i);
            }
        }
    }

    /**
     * The layout in docs/protocol-wire.md, as {@link FrameFields} walks it from the message, accounts for every byte
     * of every kind's frame: the body ends where the header says and the authenticator ends the frame.
     */
    @Test
    void documentedLayoutCoversEveryByte() {
        for (TestProfiles p : TestProfiles.all()) {
            RandomMessages gen = p.generator();
            SplittableRandom r = new SplittableRandom(SEED + 1);
            for (MessageKind kind : PrimeMessages.kinds()) {
                for (int i = 0; i < 100; i++) {
                    Frame f = gen.randomFrame(gen.random(kind, r), r);
                    FrameFields.Layout layout = FrameFields.of(f, p.limits().replicaCount());
                    assertEquals(f.signedLength(), layout.signedLength(), () -> p + " " + f);
                    assertEquals(f.length(), layout.end(), () -> p + " " + f);
                    byte[] wire = f.bytes();
                    assertEquals(FrameCodec.VERSION, wire[0]);
                    assertEquals(kind.id(), wire[1] & 0xFF);
                    for (FrameFields.Field field : layout.fields()) {
                        long v = FrameFields.read(wire, field);
                        switch (field.role()) {
                            case BODY_LENGTH -> assertEquals(f.signedLength() - FrameCodec.HEADER_BYTES, v);
                            case REPLICA_ID -> assertTrue(v < p.limits().replicaCount(), () -> p + " " + f + " " + field);
                            case ROW_FLAG -> assertTrue(v <= 1);
                            case SIGNATURE_LENGTH -> assertEquals(p.keys().scheme().signatureLength(), v);
                            default -> { }
                        }
                    }
                }
            }
        }
    }
}
