package io.prime.crypto.threshold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.ThresholdScheme;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

class BlsThresholdSchemeTest {
    private static final byte[] DATA = vcProofBytes("view 7, ids [0,1,2], startSeq 42");
    private static final byte[] OTHER_DATA = vcProofBytes("view 7, ids [0,1,3], startSeq 42");

    /** What the view change signs: DomainTag.VC_PROOF || D(<v, ids, startSeq>). */
    private static byte[] vcProofBytes(String content) {
        Digest d = new Hasher().digest(content.getBytes(StandardCharsets.UTF_8));
        return DomainTag.signedBytes(DomainTag.VC_PROOF, d);
    }

    private static Map<Integer, byte[]> partials(BlsThresholdKeys keys, byte[] data) {
        Map<Integer, byte[]> out = new HashMap<>();
        for (int i = 0; i < keys.shareCount(); i++) {
            out.put(i, keys.signer(i).partialSign(data));
        }
        return out;
    }

    private static List<int[]> subsets(int n, int k) {
        List<int[]> out = new ArrayList<>();
        subsets(n, k, 0, new int[k], 0, out);
        return out;
    }

    private static void subsets(int n, int k, int from, int[] current, int size, List<int[]> out) {
        if (size == k) {
            out.add(current.clone());
            return;
        }
        for (int i = from; i <= n - (k - size); i++) {
            current[size] = i;
            subsets(n, k, i + 1, current, size + 1, out);
        }
    }

    private static Map<Integer, byte[]> select(Map<Integer, byte[]> all, int[] ids) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        for (int id : ids) {
            out.put(id, all.get(id));
        }
        return out;
    }

    private static byte[] flip(byte[] b, int index, int mask) {
        byte[] c = b.clone();
        c[index] ^= (byte) mask;
        return c;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Combining

    @ParameterizedTest(name = "(n, k) = ({0}, {1})")
    @CsvSource({"4, 3", "7, 5", "10, 7"})
    void everyKSubsetOfValidPartialsCombinesToTheSameVerifyingSignature(int n, int k) {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(n, k, 1000L * n + k);
        ThresholdScheme scheme = keys.scheme();
        assertEquals(k, scheme.threshold());
        assertEquals(n, scheme.shareCount());
        Map<Integer, byte[]> all = partials(keys, DATA);
        for (Map.Entry<Integer, byte[]> e : all.entrySet()) {
            assertEquals(scheme.partialSignatureLength(), e.getValue().length);
            assertTrue(scheme.verifyPartial(e.getKey(), DATA, e.getValue()), "partial of " + e.getKey());
        }
        List<int[]> subsets = subsets(n, k); // 4, 21 and 120 subsets: all of them, it is fast enough
        byte[] first = null;
        for (int[] ids : subsets) {
            byte[] sig = scheme.combine(select(all, ids));
            assertEquals(scheme.signatureLength(), sig.length);
            if (first == null) {
                first = sig;
                assertTrue(scheme.verify(DATA, sig));
                assertFalse(scheme.verify(OTHER_DATA, sig), "signature must not verify on other data");
            } else {
                assertArrayEquals(first, sig, "subset " + Arrays.toString(ids) + " gave a different signature");
            }
        }
        // Verifying every combination would only repeat the check on identical bytes; verify one more for good measure.
        assertTrue(scheme.verify(DATA, scheme.combine(select(all, subsets.get(subsets.size() - 1)))));
    }

    @Test
    void combinedSignatureIsTheMasterSecretsBlsSignature() {
        // With k = 1 every share equals the master secret, so a partial is already the plain BLS signature.
        BlsThresholdKeys keys = BlsThresholdDealer.deal(3, 1, 5L);
        assertArrayEquals(keys.groupPublicKey(), keys.publicShare(0));
        assertArrayEquals(keys.secretShare(0), keys.secretShare(2));
        byte[] partial = keys.signer(2).partialSign(DATA);
        assertArrayEquals(partial, keys.scheme().combine(Map.of(2, partial)));
        assertTrue(keys.scheme().verify(DATA, partial));
        // n = k = 1 is allowed too.
        BlsThresholdKeys single = BlsThresholdDealer.deal(1, 1, 6L);
        assertTrue(single.scheme().verify(DATA, single.scheme().combine(Map.of(0, single.signer(0).partialSign(DATA)))));
    }

    @Test
    void combineRejectsTheWrongNumberOfPartials() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(7, 5, 11L);
        Map<Integer, byte[]> all = partials(keys, DATA);
        ThresholdScheme scheme = keys.scheme();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> scheme.combine(select(all, new int[] {0, 2, 4, 6})));
        assertTrue(e.getMessage().contains("exactly k=5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scheme.combine(select(all, new int[] {0, 1, 2, 3, 4, 5})));
        assertThrows(IllegalArgumentException.class, () -> scheme.combine(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> scheme.combine(null));
        for (int n : new int[] {4, 10}) {
            int k = n == 4 ? 3 : 7;
            BlsThresholdKeys other = BlsThresholdDealer.deal(n, k, n);
            Map<Integer, byte[]> p = partials(other, DATA);
            int[] tooFew = new int[k - 1];
            Arrays.setAll(tooFew, i -> i);
            assertThrows(IllegalArgumentException.class, () -> other.scheme().combine(select(p, tooFew)));
        }
    }

    @Test
    void combineRejectsMalformedPartialsAndBadIds() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(4, 3, 12L);
        ThresholdScheme scheme = keys.scheme();
        Map<Integer, byte[]> all = partials(keys, DATA);
        byte[] good = all.get(0);
        List<byte[]> malformed = new ArrayList<>(List.of(new byte[0], new byte[47], new byte[48], new byte[96],
                Arrays.copyOf(good, 47), Arrays.copyOf(good, 49), flip(good, 0, 0x80)));
        malformed.add(notOnCurveG1(good));
        malformed.add(notInSubgroupG1(good));
        for (byte[] bad : malformed) {
            Map<Integer, byte[]> m = select(all, new int[] {0, 1, 2});
            m.put(1, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scheme.combine(m),
                    () -> "accepted " + HexFormat.of().formatHex(bad));
            assertTrue(e.getMessage().contains("replica 1"), e.getMessage());
        }
        Map<Integer, byte[]> withNull = select(all, new int[] {0, 1, 2});
        withNull.put(2, null);
        assertThrows(IllegalArgumentException.class, () -> scheme.combine(withNull));
        for (int badId : new int[] {-1, 4, 100}) {
            Map<Integer, byte[]> m = select(all, new int[] {0, 1});
            m.put(badId, good);
            assertThrows(IllegalArgumentException.class, () -> scheme.combine(m), "id " + badId);
        }
        Map<Integer, byte[]> nullKey = select(all, new int[] {0, 1});
        nullKey.put(null, good);
        assertThrows(IllegalArgumentException.class, () -> scheme.combine(nullKey));
    }

    /**
     * Why every partial is verified before combining: combine cannot tell a bad partial from a good one, and a single
     * bad one makes the result useless. Filtering with verifyPartial and combining k of the survivors always works
     * as long as k correct replicas answered (2f+1 of 3f+1).
     */
    @Test
    void oneUnverifiedBadPartialSpoilsTheCombinationWhichIsWhyPartialsAreVerifiedFirst() {
        int n = 7;
        int k = 5;
        BlsThresholdKeys keys = BlsThresholdDealer.deal(n, k, 13L);
        ThresholdScheme scheme = keys.scheme();
        Map<Integer, byte[]> all = partials(keys, DATA);
        byte[] randomPoint = randomG1Point();
        List<byte[]> badPartialsFrom3 = List.of(
                keys.signer(3).partialSign(OTHER_DATA), // replica 3 signs something else
                keys.signer(4).partialSign(DATA),       // replica 3 sends replica 4's partial as its own
                randomPoint,                            // a well-formed point that is nobody's partial
                BlsThresholdDealer.deal(n, k, 14L).signer(3).partialSign(DATA)); // a share of another dealing
        for (byte[] bad : badPartialsFrom3) {
            Map<Integer, byte[]> received = new LinkedHashMap<>(all);
            received.put(3, bad);

            // Combining blindly: the bad partial is accepted (it is well formed) and the proof does not verify.
            byte[] spoiled = scheme.combine(select(received, new int[] {0, 1, 2, 3, 4}));
            assertFalse(scheme.verify(DATA, spoiled));

            // Verifying first: the bad partial is dropped, any k of the rest make a valid proof.
            Map<Integer, byte[]> verified = new LinkedHashMap<>();
            for (Map.Entry<Integer, byte[]> e : received.entrySet()) {
                if (scheme.verifyPartial(e.getKey(), DATA, e.getValue()) && verified.size() < k) {
                    verified.put(e.getKey(), e.getValue());
                }
            }
            assertFalse(verified.containsKey(3));
            assertEquals(k, verified.size());
            assertTrue(scheme.verify(DATA, scheme.combine(verified)));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Verifying

    @Test
    void verifyPartialRejectsWrongShareOtherDataAndCorruption() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(4, 3, 21L);
        ThresholdScheme scheme = keys.scheme();
        byte[] p0 = keys.signer(0).partialSign(DATA);
        assertTrue(scheme.verifyPartial(0, DATA, p0));
        assertArrayEquals(p0, keys.signer(0).partialSign(DATA), "BLS signing is deterministic");
        for (int other = 1; other < 4; other++) {
            assertFalse(scheme.verifyPartial(other, DATA, p0), "replica 0's partial accepted as replica " + other);
        }
        assertFalse(scheme.verifyPartial(0, OTHER_DATA, p0));
        assertFalse(scheme.verifyPartial(0, new byte[0], p0));
        assertTrue(scheme.verifyPartial(0, new byte[0], keys.signer(0).partialSign(new byte[0])));
        // Every single-bit corruption fails (most do not even decode; the rest are other points).
        for (int i = 0; i < p0.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                assertFalse(scheme.verifyPartial(0, DATA, flip(p0, i, 1 << bit)), "bit " + bit + " of byte " + i);
            }
        }
        assertFalse(scheme.verifyPartial(0, flip(DATA, 5, 1), p0));
        // A partial is not a combined signature.
        assertFalse(scheme.verify(DATA, p0));
    }

    @Test
    void verificationReturnsFalseOnMalformedInputAndNeverThrows() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(4, 3, 22L);
        ThresholdScheme scheme = keys.scheme();
        byte[] good = keys.signer(1).partialSign(DATA);
        byte[] sig = scheme.combine(select(partials(keys, DATA), new int[] {0, 1, 2}));
        byte[] infinity = new byte[48];
        infinity[0] = (byte) 0xc0;
        List<byte[]> malformed = new ArrayList<>(Arrays.asList(null, new byte[0], new byte[1], new byte[47],
                new byte[48], new byte[49], new byte[96], new byte[192], infinity, Arrays.copyOf(good, 47),
                Arrays.copyOf(good, 49), flip(good, 0, 0x80), notOnCurveG1(good), notInSubgroupG1(good)));
        byte[] uncompressed = new P1_Affine(good).serialize(); // the same point, 96-byte uncompressed: not our format
        malformed.add(uncompressed);
        for (byte[] bad : malformed) {
            assertFalse(scheme.verifyPartial(1, DATA, bad));
            assertFalse(scheme.verify(DATA, bad));
        }
        assertFalse(scheme.verifyPartial(1, null, good));
        assertFalse(scheme.verify(null, sig));
        assertFalse(scheme.verifyPartial(-1, DATA, good));
        assertFalse(scheme.verifyPartial(4, DATA, good));
        assertFalse(scheme.verifyPartial(Integer.MAX_VALUE, DATA, good));

        // Random garbage, with and without the compression flag, of the right length and others.
        Random random = new Random(23);
        for (int t = 0; t < 400; t++) {
            byte[] b = new byte[t % 5 == 0 ? random.nextInt(200) : 48];
            random.nextBytes(b);
            if (t % 2 == 0 && b.length > 0) {
                b[0] = (byte) ((b[0] & 0x1f) | 0x80); // compressed, not infinity: reaches blst's decoder
            }
            assertFalse(scheme.verifyPartial(t % 4, DATA, b));
            assertFalse(scheme.verify(DATA, b));
        }
        assertTrue(scheme.verify(DATA, sig));
    }

    @Test
    void combinedSignatureFailsOnOtherDataOrOtherKeysOrCorruption() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(7, 5, 31L);
        BlsThresholdKeys otherKeys = BlsThresholdDealer.deal(7, 5, 32L);
        byte[] sig = keys.scheme().combine(select(partials(keys, DATA), new int[] {6, 5, 4, 3, 2}));
        assertTrue(keys.scheme().verify(DATA, sig));
        assertFalse(keys.scheme().verify(OTHER_DATA, sig));
        assertFalse(otherKeys.scheme().verify(DATA, sig));
        assertFalse(keys.scheme().verify(DATA, flip(sig, 47, 1)));
        assertFalse(keys.scheme().verify(DATA, flip(sig, 10, 0x10)));
        byte[] otherSig = keys.scheme().combine(select(partials(keys, OTHER_DATA), new int[] {0, 1, 2, 3, 4}));
        assertTrue(keys.scheme().verify(OTHER_DATA, otherSig));
        assertFalse(Arrays.equals(sig, otherSig));
    }

    @Test
    void verificationIsThreadSafe() throws Exception {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(4, 3, 41L);
        BlsThresholdScheme scheme = keys.scheme();
        Map<Integer, byte[]> all = partials(keys, DATA);
        byte[] sig = scheme.combine(select(all, new int[] {0, 1, 3}));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 25; i++) {
                        int r = (thread + i) % 4;
                        ok &= scheme.verifyPartial(r, DATA, all.get(r));
                        ok &= !scheme.verifyPartial(r, OTHER_DATA, all.get(r));
                        ok &= scheme.verify(DATA, sig);
                        ok &= Arrays.equals(sig, scheme.combine(select(all, new int[] {0, 1, 3})));
                        ok &= Arrays.equals(all.get(r), keys.signer(r).partialSign(DATA));
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Dealing and encodings

    @Test
    void seededDealingIsReproducibleAndSeedsDiffer() {
        BlsThresholdKeys a = BlsThresholdDealer.deal(7, 5, 99L);
        BlsThresholdKeys b = BlsThresholdDealer.deal(7, 5, 99L);
        BlsThresholdKeys c = BlsThresholdDealer.deal(7, 5, 100L);
        assertArrayEquals(a.groupPublicKey(), b.groupPublicKey());
        assertFalse(Arrays.equals(a.groupPublicKey(), c.groupPublicKey()));
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(a.publicShare(i), b.publicShare(i));
            assertArrayEquals(a.secretShare(i), b.secretShare(i));
            assertFalse(Arrays.equals(a.secretShare(i), c.secretShare(i)));
        }
        // long and byte[] seeds agree; the seed is taken as its 8 big-endian bytes.
        BlsThresholdKeys d = BlsThresholdDealer.deal(7, 5, new byte[] {0, 0, 0, 0, 0, 0, 0, 99});
        assertArrayEquals(a.groupPublicKey(), d.groupPublicKey());
        // Same seed, other parameters: other keys (the shares are different polynomials).
        assertFalse(Arrays.equals(a.secretShare(0), BlsThresholdDealer.deal(7, 4, 99L).secretShare(0)));
        // Pinned value, so that an accidental change to the derivation (which would silently re-key every
        // simulation) shows up. Computed by this implementation, not an external vector.
        assertEquals(PINNED_GROUP_KEY_4_3_SEED_0, HexFormat.of().formatHex(BlsThresholdDealer.deal(4, 3, 0L).groupPublicKey()));
    }

    private static final String PINNED_GROUP_KEY_4_3_SEED_0 =
            "a88b8670e9867bbc534241db70ba91e9daba5d892fb2a94440ce6d5fb36cbbbf07552b0a6ec046014f06017d6000e1b6"
                    + "108802fa9d057f1f8bbea6f1e0bc9fcccf1d0a3504260d32ff689d28b4a00a60b90cfb32288371db2ab17413d0f795cd";

    @Test
    void secureRandomDealingWorks() {
        BlsThresholdKeys a = BlsThresholdDealer.deal(4, 3, new SecureRandom());
        BlsThresholdKeys b = BlsThresholdDealer.deal(4, 3, new SecureRandom());
        assertFalse(Arrays.equals(a.groupPublicKey(), b.groupPublicKey()));
        byte[] sig = a.scheme().combine(select(partials(a, DATA), new int[] {1, 2, 3}));
        assertTrue(a.scheme().verify(DATA, sig));
    }

    @Test
    void dealerRejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdDealer.deal(0, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdDealer.deal(4, 0, 1L));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdDealer.deal(4, 5, 1L));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdDealer.deal(-3, -1, 1L));
    }

    /**
     * Known answers for the hashing step: blst's {@code hash_to} is RFC 9380 hash_to_curve (random oracle), checked
     * against the RFC's BLS12381G1_XMD:SHA-256_SSWU_RO_ vectors (Appendix J.9.1); and a partial signature is exactly
     * share * hash_to_curve(data, our DST), so with share 1 it is the hash itself.
     */
    @Test
    void hashingIsRfc9380HashToCurveAndSigningIsScalarMultiplication() {
        String quux = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
        assertEquals("052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1"
                        + "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265",
                HexFormat.of().formatHex(new P1().hash_to(new byte[0], quux).serialize()));
        assertEquals("03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903"
                        + "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d",
                HexFormat.of().formatHex(new P1().hash_to("abc".getBytes(StandardCharsets.US_ASCII), quux).serialize()));
        assertEquals("BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_", BlsThresholdScheme.CIPHERSUITE);
        BlsShareSigner one = BlsShareSigner.fromBytes(0, Bls12381.toBytes32(BigInteger.ONE));
        assertArrayEquals(new P1().hash_to(DATA, BlsThresholdScheme.CIPHERSUITE).compress(), one.partialSign(DATA));
        BigInteger s = BigInteger.valueOf(0x1234_5678_9abcL);
        assertArrayEquals(new P1().hash_to(DATA, BlsThresholdScheme.CIPHERSUITE).mult(s).compress(),
                BlsShareSigner.fromBytes(0, Bls12381.toBytes32(s)).partialSign(DATA));
    }

    /** Documents the encodings: secret shares are big-endian scalars, public shares are g2^share compressed. */
    @Test
    void encodingsAreTheDocumentedOnes() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(4, 3, 51L);
        assertEquals(96, keys.groupPublicKey().length);
        for (int i = 0; i < 4; i++) {
            byte[] secret = keys.secretShare(i);
            assertEquals(32, secret.length);
            BigInteger s = new BigInteger(1, secret);
            assertTrue(s.signum() > 0 && s.compareTo(Bls12381.R) < 0);
            // P2.mult(BigInteger) takes the value, not bytes: an independent route to g2^s.
            assertArrayEquals(P2.generator().mult(s).compress(), keys.publicShare(i));
            assertEquals(96, keys.publicShare(i).length);
            assertEquals(0x80, keys.publicShare(i)[0] & 0xc0, "compressed, not infinity");
        }
        // Lagrange interpolation of the secret shares at 0 gives the secret of the group public key.
        BigInteger[] lambda = Bls12381.lagrangeCoefficients(new int[] {0, 2, 3}, 0);
        BigInteger master = BigInteger.ZERO;
        int[] ids = {0, 2, 3};
        for (int i = 0; i < 3; i++) {
            master = master.add(lambda[i].multiply(new BigInteger(1, keys.secretShare(ids[i]))));
        }
        master = master.mod(Bls12381.R);
        assertArrayEquals(P2.generator().mult(master).compress(), keys.groupPublicKey());
    }

    @Test
    void serialisationRoundTrips() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(7, 5, 61L);
        BlsThresholdScheme decoded = BlsThresholdScheme.fromBytes(7, 5, keys.groupPublicKey(), keys.publicShares());
        BlsThresholdScheme decodedFromArray = BlsThresholdScheme.fromBytes(7, 5, keys.groupPublicKey(),
                keys.publicShares().toArray(new byte[0][]));
        assertArrayEquals(keys.groupPublicKey(), decoded.groupPublicKey());
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(keys.publicShare(i), decoded.publicShare(i));
            assertArrayEquals(keys.publicShare(i), decodedFromArray.publicShare(i));
        }
        Map<Integer, byte[]> fromDecodedSigners = new HashMap<>();
        for (int i = 0; i < 7; i++) {
            BlsShareSigner signer = decoded.signer(i, keys.secretShare(i));
            assertEquals(i, signer.replica());
            assertArrayEquals(keys.publicShare(i), signer.publicShare());
            byte[] partial = signer.partialSign(DATA);
            assertArrayEquals(keys.signer(i).partialSign(DATA), partial);
            assertArrayEquals(partial, BlsShareSigner.fromBytes(i, keys.secretShare(i)).partialSign(DATA));
            assertTrue(keys.scheme().verifyPartial(i, DATA, partial));
            assertTrue(decoded.verifyPartial(i, DATA, partial));
            fromDecodedSigners.put(i, partial);
        }
        byte[] a = keys.scheme().combine(select(fromDecodedSigners, new int[] {0, 1, 2, 3, 4}));
        byte[] b = decoded.combine(select(fromDecodedSigners, new int[] {2, 3, 4, 5, 6}));
        assertArrayEquals(a, b);
        assertTrue(decoded.verify(DATA, a));
        assertTrue(keys.scheme().verify(DATA, b));
        // Getters hand out copies.
        byte[] gpk = decoded.groupPublicKey();
        gpk[5] ^= 1;
        assertFalse(Arrays.equals(gpk, decoded.groupPublicKey()));
        keys.publicShares().get(0)[3] ^= 1;
        assertTrue(keys.scheme().verifyPartial(0, DATA, fromDecodedSigners.get(0)));
    }

    @Test
    void malformedPublicMaterialIsRejected() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(4, 3, 71L);
        byte[] gpk = keys.groupPublicKey();
        List<byte[]> shares = keys.publicShares();
        byte[] infinity = new byte[96];
        infinity[0] = (byte) 0xc0;
        byte[] uncompressed = new P2_Affine(gpk).serialize();
        List<byte[]> badPoints = new ArrayList<>(Arrays.asList(null, new byte[0], new byte[95], new byte[96],
                new byte[97], new byte[48], Arrays.copyOf(gpk, 95), Arrays.copyOf(gpk, 97), flip(gpk, 0, 0x80),
                infinity, uncompressed, notOnCurveG2(gpk), notInSubgroupG2(gpk)));
        Predicate<String> explained = m -> m != null && (m.contains("group public key") || m.contains("replica 2"));
        for (byte[] bad : badPoints) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BlsThresholdScheme.fromBytes(4, 3, bad, shares));
            assertTrue(explained.test(e.getMessage()), e.getMessage());
            List<byte[]> badShares = new ArrayList<>(shares);
            badShares.set(2, bad);
            e = assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(4, 3, gpk, badShares));
            assertTrue(explained.test(e.getMessage()), e.getMessage());
        }
        assertTrue(messageOf(() -> BlsThresholdScheme.fromBytes(4, 3, notOnCurveG2(gpk), shares)).contains("curve"));
        assertTrue(messageOf(() -> BlsThresholdScheme.fromBytes(4, 3, notInSubgroupG2(gpk), shares))
                .contains("subgroup"));
        assertTrue(messageOf(() -> BlsThresholdScheme.fromBytes(4, 3, infinity, shares)).contains("infinity"));

        // Wrong counts and parameters.
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(4, 3, gpk, shares.subList(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(5, 3, gpk, shares));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(4, 5, gpk, shares));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(4, 0, gpk, shares));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(4, 3, gpk, (List<byte[]>) null));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(4, 3, gpk, (byte[][]) null));
    }

    @Test
    void inconsistentPublicMaterialIsRejected() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(7, 5, 72L);
        BlsThresholdKeys other = BlsThresholdDealer.deal(7, 5, 73L);
        List<byte[]> shares = keys.publicShares();
        // Group key of another dealing.
        assertTrue(messageOf(() -> BlsThresholdScheme.fromBytes(7, 5, other.groupPublicKey(), shares))
                .contains("inconsistent"));
        // One share (beyond the first k, and within them) from another dealing.
        for (int i : new int[] {6, 1}) {
            List<byte[]> mixed = new ArrayList<>(shares);
            mixed.set(i, other.publicShare(i));
            assertTrue(messageOf(() -> BlsThresholdScheme.fromBytes(7, 5, keys.groupPublicKey(), mixed))
                    .contains("inconsistent"));
        }
        // Two shares swapped: every point is valid, but they are attributed to the wrong replicas.
        List<byte[]> swapped = new ArrayList<>(shares);
        swapped.set(5, shares.get(6));
        swapped.set(6, shares.get(5));
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(7, 5, keys.groupPublicKey(), swapped));
        // The wrong threshold for these shares.
        assertThrows(IllegalArgumentException.class, () -> BlsThresholdScheme.fromBytes(7, 4, keys.groupPublicKey(), shares));
        // k = n: nothing beyond the basis to check except the group key, which must still match.
        BlsThresholdKeys full = BlsThresholdDealer.deal(4, 4, 74L);
        assertThrows(IllegalArgumentException.class,
                () -> BlsThresholdScheme.fromBytes(4, 4, other.groupPublicKey(), full.publicShares()));
        BlsThresholdScheme.fromBytes(4, 4, full.groupPublicKey(), full.publicShares());
    }

    @Test
    void malformedSecretSharesAreRejected() {
        BlsThresholdKeys keys = BlsThresholdDealer.deal(4, 3, 81L);
        BlsThresholdScheme scheme = keys.scheme();
        byte[] rBytes = Bls12381.toBytes32(Bls12381.R.subtract(BigInteger.ONE));
        rBytes[31] += 1; // exactly r
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        List<byte[]> bad = Arrays.asList(null, new byte[0], new byte[31], new byte[33], new byte[32], rBytes, allOnes,
                Arrays.copyOf(keys.secretShare(0), 33));
        for (byte[] b : bad) {
            assertThrows(IllegalArgumentException.class, () -> BlsShareSigner.fromBytes(0, b));
            assertThrows(IllegalArgumentException.class, () -> scheme.signer(0, b));
        }
        assertTrue(messageOf(() -> BlsShareSigner.fromBytes(0, rBytes)).contains("modulo r"));
        // A valid share of the wrong replica, or of another dealing.
        assertTrue(messageOf(() -> scheme.signer(0, keys.secretShare(1))).contains("does not match"));
        assertThrows(IllegalArgumentException.class,
                () -> scheme.signer(0, BlsThresholdDealer.deal(4, 3, 82L).secretShare(0)));
        assertThrows(IllegalArgumentException.class, () -> scheme.signer(4, keys.secretShare(0)));
        assertThrows(IllegalArgumentException.class, () -> scheme.signer(-1, keys.secretShare(0)));
        assertThrows(IllegalArgumentException.class, () -> BlsShareSigner.fromBytes(-1, keys.secretShare(0)));
        assertThrows(IllegalArgumentException.class, () -> keys.secretShare(4));
        // r - 1 is a valid (if unlikely) share.
        BlsShareSigner edge = BlsShareSigner.fromBytes(0, Bls12381.toBytes32(Bls12381.R.subtract(BigInteger.ONE)));
        assertEquals(48, edge.partialSign(DATA).length);
        // Secrets never appear in toString.
        assertFalse(keys.toString().contains(HexFormat.of().formatHex(keys.secretShare(0))));
        assertNotEquals(-1, keys.signer(0).toString().indexOf("replica=0"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers that build specific bad points, deterministically, by perturbing a valid encoding.

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("expected IllegalArgumentException");
        return null;
    }

    private static byte[] randomG1Point() {
        return BlsShareSigner.fromBytes(0, Bls12381.toBytes32(BigInteger.valueOf(123456789))).partialSign(
                "anything".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] notOnCurveG1(byte[] valid) {
        return perturb(valid, bytes -> {
            try {
                new P1_Affine(bytes);
                return false;
            } catch (RuntimeException e) {
                return e.getMessage().contains("not on curve");
            }
        });
    }

    private static byte[] notInSubgroupG1(byte[] valid) {
        return perturb(valid, bytes -> {
            try {
                P1_Affine p = new P1_Affine(bytes);
                return p.on_curve() && !p.in_group();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static byte[] notOnCurveG2(byte[] valid) {
        return perturb(valid, bytes -> {
            try {
                new P2_Affine(bytes);
                return false;
            } catch (RuntimeException e) {
                return e.getMessage().contains("not on curve");
            }
        });
    }

    private static byte[] notInSubgroupG2(byte[] valid) {
        return perturb(valid, bytes -> {
            try {
                P2_Affine p = new P2_Affine(bytes);
                return p.on_curve() && !p.in_group();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** Changes the last byte (the low bits of x) until {@code wanted} holds; about half of all x are on the curve. */
    private static byte[] perturb(byte[] valid, Predicate<byte[]> wanted) {
        for (int delta = 1; delta < 256; delta++) {
            byte[] b = flip(valid, valid.length - 1, delta);
            if (wanted.test(b)) {
                return b;
            }
        }
        throw new AssertionError("no suitable perturbation found");
    }
}
