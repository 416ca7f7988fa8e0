package io.prime.core.reconcile.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CauchyReedSolomonTest {

    // ---------------------------------------------------------------- helpers

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return data;
    }

    /** All size-k subsets of [0, n) in lexicographic order. */
    static List<int[]> subsets(int n, int k) {
        List<int[]> out = new ArrayList<>();
        int[] c = new int[k];
        for (int i = 0; i < k; i++) {
            c[i] = i;
        }
        while (true) {
            out.add(c.clone());
            int i = k - 1;
            while (i >= 0 && c[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            c[i]++;
            for (int j = i + 1; j < k; j++) {
                c[j] = c[j - 1] + 1;
            }
        }
    }

    private static long binomial(int n, int k) {
        long b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static byte[][] select(byte[][] parts, int[] indices) {
        byte[][] out = new byte[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = parts[indices[i]];
        }
        return out;
    }

    private static Digest certifiedDigest(Hasher hasher, byte[] update) {
        return hasher.digest(DomainTag.MERKLE_LEAF, update, 0, update.length);
    }

    // ---------------------------------------------------------------- structure

    @Test
    void partLengthIsTheCeilingOfDataLengthOverK() {
        assertEquals(0, CauchyReedSolomon.partLength(0, 3));
        assertEquals(1, CauchyReedSolomon.partLength(1, 3));
        assertEquals(1, CauchyReedSolomon.partLength(3, 3));
        assertEquals(2, CauchyReedSolomon.partLength(4, 3));
        assertEquals(171, CauchyReedSolomon.partLength(512, 3));
        assertEquals(Integer.MAX_VALUE, CauchyReedSolomon.partLength(Integer.MAX_VALUE, 1));
        assertEquals(1 << 30, CauchyReedSolomon.partLength(Integer.MAX_VALUE, 2));
        assertEquals(3, CauchyReedSolomon.forFaults(2).partLength(7));
        assertThrows(IllegalArgumentException.class, () -> CauchyReedSolomon.partLength(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> CauchyReedSolomon.partLength(5, 0));
    }

    @Test
    void forFaultsIsTwoFPlusOneAndFPlusOne() {
        for (int f = 0; f <= 127; f++) {
            CauchyReedSolomon code = CauchyReedSolomon.forFaults(f);
            assertEquals(2 * f + 1, code.totalParts());
            assertEquals(f + 1, code.requiredParts());
        }
    }

    @Test
    void generatorIsIdentityOverACauchyMatrix() {
        CauchyReedSolomon code = new CauchyReedSolomon(9, 4);
        for (int r = 0; r < 9; r++) {
            for (int j = 0; j < 4; j++) {
                int g = code.coefficient(r, j);
                if (r < 4) {
                    assertEquals(r == j ? 1 : 0, g);
                } else {
                    int x = r; // x_i = k + i = r
                    assertEquals(1, GaloisField256.mul(g, x ^ j), "parity entry is 1 / (x + y)");
                }
            }
        }
    }

    @Test
    void encodingIsSystematicWithEqualZeroPaddedParts() {
        SplittableRandom random = new SplittableRandom(11);
        for (int f = 0; f <= 6; f++) {
            CauchyReedSolomon code = CauchyReedSolomon.forFaults(f);
            int k = f + 1;
            for (int size : new int[] {0, 1, k - 1, k, k + 1, 3 * k + 2, 1000}) {
                byte[] data = randomBytes(random, size);
                byte[][] parts = code.encode(data);
                int p = CauchyReedSolomon.partLength(size, k);
                assertEquals(2 * f + 1, parts.length);
                byte[] padded = Arrays.copyOf(data, p * k);
                for (int r = 0; r < parts.length; r++) {
                    assertEquals(p, parts[r].length);
                    assertArrayEquals(code.encodePart(data, r), parts[r], "encodePart(" + r + ") == encode()[r]");
                    if (r < k) {
                        assertArrayEquals(Arrays.copyOfRange(padded, r * p, r * p + p), parts[r]);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- exhaustive decoding

    @Test
    void everyFPlusOneSubsetDecodesForFOneToFive() {
        SplittableRandom random = new SplittableRandom(0xC0DEL);
        for (int faults = 1; faults <= 5; faults++) {
            int f = faults;
            int n = 2 * f + 1;
            int k = f + 1;
            CauchyReedSolomon code = CauchyReedSolomon.forFaults(f);
            List<int[]> subsets = subsets(n, k);
            assertEquals(binomial(n, k), subsets.size());
            TreeSet<Integer> sizes = new TreeSet<>(List.of(0, 1, k - 1, k, k + 1, 2 * k - 1, 5 * k + 1, 512, 4096));
            for (int i = 0; i < 3; i++) {
                sizes.add(1 + random.nextInt(4096)); // random sizes, mostly not divisible by k
            }
            sizes.add(k * 97 + k - 1); // one byte short of a multiple of k
            for (int size : sizes) {
                byte[] data = randomBytes(random, size);
                byte[][] parts = code.encode(data);
                for (int[] subset : subsets) {
                    assertArrayEquals(data, code.decode(subset, select(parts, subset), size),
                            () -> "f = " + f + ", size " + size + ", parts " + Arrays.toString(subset));
                    int[] shuffled = subset.clone();
                    shuffle(shuffled, random);
                    assertArrayEquals(data, code.decode(shuffled, select(parts, shuffled), size),
                            () -> "f = " + f + ", size " + size + ", parts " + Arrays.toString(shuffled));
                }
            }
            assertEquals(subsets.size() - 1, code.cachedDecodeMatrices(), "one matrix per subset but the data parts");
        }
    }

    @Test
    void decodeMatrixCacheStopsGrowingAtItsBound() {
        SplittableRandom random = new SplittableRandom(72);
        CauchyReedSolomon code = new CauchyReedSolomon(256, 120);
        int bound = CauchyReedSolomon.CACHE_BYTES / (120 * 120); // 72 matrices
        byte[] data = randomBytes(random, 1200);
        byte[][] parts = code.encode(data);
        int[] all = new int[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int trial = 0; trial < bound + 20; trial++) {
            shuffle(all, random);
            int[] subset = Arrays.copyOf(all, 120);
            for (int repeat = 0; repeat < 2; repeat++) { // the second decode of a subset may come from the cache
                shuffle(subset, random);
                assertArrayEquals(data, code.decode(subset, select(parts, subset), data.length));
            }
        }
        assertEquals(bound, code.cachedDecodeMatrices());
    }

    @Test
    void moreThanKPartsUseTheFirstKAndIgnoreTheRest() {
        SplittableRandom random = new SplittableRandom(3);
        CauchyReedSolomon code = CauchyReedSolomon.forFaults(3);
        byte[] data = randomBytes(random, 777);
        byte[][] parts = code.encode(data);
        int[] indices = {6, 0, 4, 5, 1, 2, 3};
        byte[][] given = select(parts, indices);
        given[4] = given[4].clone();
        given[4][0] ^= 1; // beyond the first k = 4: never read
        assertArrayEquals(data, code.decode(indices, given, data.length));
        assertArrayEquals(data, code.decode(indices, given, data.length), "inputs were not modified");
    }

    @Test
    void degenerateAndLargestCodes() {
        SplittableRandom random = new SplittableRandom(256);
        int[][] shapes = {{1, 1}, {5, 1}, {5, 5}, {255, 128}, {256, 1}, {256, 200}, {256, 256}};
        for (int[] shape : shapes) {
            int n = shape[0];
            int k = shape[1];
            CauchyReedSolomon code = new CauchyReedSolomon(n, k);
            for (int size : new int[] {0, 1, k + 3, 2000}) {
                byte[] data = randomBytes(random, size);
                byte[][] parts = code.encode(data);
                for (int trial = 0; trial < 4; trial++) {
                    int[] all = new int[n];
                    for (int i = 0; i < n; i++) {
                        all[i] = i;
                    }
                    shuffle(all, random);
                    if (trial == 0) { // the worst case: as many parity parts as possible
                        for (int i = 0; i < n; i++) {
                            all[i] = n - 1 - i;
                        }
                    }
                    int[] subset = Arrays.copyOf(all, k);
                    assertArrayEquals(data, code.decode(subset, select(parts, subset), size),
                            () -> code + ", size " + size);
                }
            }
        }
    }

    // ---------------------------------------------------------------- corruption

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void flippingAnyByteOfAUsedPartIsCaughtByTheDigest(int f) {
        Hasher hasher = new Hasher();
        SplittableRandom random = new SplittableRandom(1000 + f);
        CauchyReedSolomon code = CauchyReedSolomon.forFaults(f);
        int n = 2 * f + 1;
        int k = f + 1;
        List<int[]> subsets = new ArrayList<>();
        subsets.add(Arrays.copyOfRange(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, k)); // all data parts
        int[] parityHeavy = new int[k];
        for (int i = 0; i < k; i++) {
            parityHeavy[i] = n - 1 - i; // all f parity parts and one data part
        }
        subsets.add(parityHeavy);
        List<int[]> all = subsets(n, k);
        subsets.add(all.get(random.nextInt(all.size())));

        for (int size : new int[] {40 * k, 40 * k + 1}) { // without and with padding
            byte[] update = randomBytes(random, size);
            Digest certified = certifiedDigest(hasher, update);
            byte[][] parts = code.encode(update);
            int p = parts[0].length;
            int lastSliceBytes = size - (k - 1) * p;
            int caught = 0;
            int harmless = 0;
            for (int[] subset : subsets) {
                for (int position = 0; position < k; position++) {
                    for (int t = 0; t < p; t++) {
                        for (int mask : new int[] {0x01, 1 + random.nextInt(255)}) {
                            byte[][] given = select(parts, subset);
                            given[position] = given[position].clone();
                            given[position][t] ^= (byte) mask;
                            byte[] decoded = code.decode(subset, given, size);
                            if (Arrays.equals(update, decoded)) {
                                // Only a flip in the zero padding of the last slice can leave the result intact:
                                // nothing wrong was decoded, so there is nothing to catch.
                                assertTrue(size % k != 0 && t >= lastSliceBytes,
                                        "a flip of real data went unnoticed at part " + subset[position] + ", " + t);
                                harmless++;
                            } else {
                                assertNotEquals(certified, certifiedDigest(hasher, decoded));
                                caught++;
                            }
                        }
                    }
                }
            }
            assertTrue(caught > 0);
            if (size % k == 0) {
                assertEquals(0, harmless, "without padding every flip changes the decoded bytes");
            }
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void constructorAndFactoryRejectImpossibleCodes() {
        assertThrows(IllegalArgumentException.class, () -> new CauchyReedSolomon(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new CauchyReedSolomon(3, 4));
        assertThrows(IllegalArgumentException.class, () -> new CauchyReedSolomon(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CauchyReedSolomon(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new CauchyReedSolomon(257, 1));
        assertThrows(IllegalArgumentException.class, () -> CauchyReedSolomon.forFaults(-1));
        assertThrows(IllegalArgumentException.class, () -> CauchyReedSolomon.forFaults(128));
        assertThrows(IllegalArgumentException.class, () -> CauchyReedSolomon.forFaults(Integer.MAX_VALUE));
    }

    @Test
    void encodeRejectsNullDataAndBadPartIndex() {
        CauchyReedSolomon code = CauchyReedSolomon.forFaults(1);
        assertThrows(IllegalArgumentException.class, () -> code.encode(null));
        assertThrows(IllegalArgumentException.class, () -> code.encodePart(null, 0));
        assertThrows(IllegalArgumentException.class, () -> code.encodePart(new byte[4], -1));
        assertThrows(IllegalArgumentException.class, () -> code.encodePart(new byte[4], 3));
        assertThrows(IllegalArgumentException.class, () -> code.coefficient(3, 0));
        assertThrows(IllegalArgumentException.class, () -> code.coefficient(0, 2));
    }

    @Test
    void decodeRejectsMalformedInputWithClearMessages() {
        CauchyReedSolomon code = CauchyReedSolomon.forFaults(2); // n = 5, k = 3
        byte[] data = new byte[10]; // parts of 4 bytes
        byte[][] parts = code.encode(data);
        byte[][] three = {parts[0], parts[3], parts[4]};

        assertMessage("must not be null", () -> code.decode(null, three, 10));
        assertMessage("must not be null", () -> code.decode(new int[] {0, 3, 4}, null, 10));
        assertMessage("3 part indices but 2 parts", () -> code.decode(new int[] {0, 3, 4}, new byte[][] {parts[0],
                parts[3]}, 10));
        assertMessage("need between k = 3 and n = 5 parts, got 2",
                () -> code.decode(new int[] {0, 3}, new byte[][] {parts[0], parts[3]}, 10));
        assertMessage("got 6", () -> code.decode(new int[] {0, 1, 2, 3, 4, 0},
                new byte[][] {parts[0], parts[1], parts[2], parts[3], parts[4], parts[0]}, 10));
        assertMessage("part index 5 is outside [0, 5)", () -> code.decode(new int[] {0, 3, 5}, three, 10));
        assertMessage("part index -1 is outside [0, 5)", () -> code.decode(new int[] {-1, 3, 4}, three, 10));
        assertMessage("part index 3 is given twice", () -> code.decode(new int[] {3, 3, 4}, three, 10));
        assertMessage("part 3 is null", () -> code.decode(new int[] {0, 3, 4},
                new byte[][] {parts[0], null, parts[4]}, 10));
        assertMessage("parts differ in length", () -> code.decode(new int[] {0, 3, 4},
                new byte[][] {parts[0], parts[3], new byte[5]}, 10));
        assertMessage("parts differ in length", () -> code.decode(new int[] {0, 3, 4},
                new byte[][] {new byte[5], parts[3], parts[4]}, 10));
        assertMessage("dataLength must be non-negative", () -> code.decode(new int[] {0, 3, 4}, three, -1));
        assertMessage("dataLength 13 is too large: 3 parts of 4 bytes hold at most 12",
                () -> code.decode(new int[] {0, 3, 4}, three, 13));
        assertMessage("each part must be 3 bytes", () -> code.decode(new int[] {0, 3, 4}, three, 9));
        assertMessage("each part must be 1 bytes", () -> code.decode(new int[] {0, 3, 4}, three, 1));
        assertMessage("hold at most 0", () -> code.decode(new int[] {0, 1, 2},
                new byte[][] {new byte[0], new byte[0], new byte[0]}, 1));
        assertMessage("too large", () -> code.decode(new int[] {0, 3, 4}, three, Integer.MAX_VALUE));

        // Boundary values that are fine: 9 < dataLength <= 12 all use 4-byte parts.
        assertEquals(12, code.decode(new int[] {0, 3, 4}, three, 12).length);
        assertEquals(0, code.decode(new int[] {4, 2, 1}, new byte[][] {new byte[0], new byte[0], new byte[0]}, 0)
                .length);
    }

    private static void assertMessage(String expectedFragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedFragment),
                () -> "message '" + e.getMessage() + "' lacks '" + expectedFragment + "'");
    }

    /**
     * Valid decode calls with up to three random mutations each (wrong, repeated or missing indices, null or resized
     * parts, extra parts, odd data lengths): decode either returns dataLength bytes or throws IllegalArgumentException,
     * nothing else.
     */
    @Test
    void decodeThrowsOnlyIllegalArgumentOnMutatedCalls() {
        SplittableRandom random = new SplittableRandom(0xBAD);
        int rejected = 0;
        int accepted = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            int f = random.nextInt(4);
            int n = 2 * f + 1;
            int k = f + 1;
            CauchyReedSolomon code = CauchyReedSolomon.forFaults(f);
            int dataLength = random.nextInt(40);
            byte[][] encoded = code.encode(randomBytes(random, dataLength));
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            shuffle(order, random);
            int[] indices = Arrays.copyOf(order, k + random.nextInt(n - k + 1));
            byte[][] parts = select(encoded, indices);
            int mutations = random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = indices == null || indices.length == 0 ? 0 : random.nextInt(indices.length);
                switch (random.nextInt(10)) {
                    case 0 -> indices = random.nextInt(4) == 0 ? null : indices;
                    case 1 -> parts = random.nextInt(4) == 0 ? null : parts;
                    case 2 -> {
                        if (indices != null && indices.length > 0) {
                            indices[at] = random.nextBoolean() ? random.nextInt() : random.nextInt(-2, n + 2);
                        }
                    }
                    case 3 -> {
                        if (indices != null && indices.length > 1) {
                            indices[at] = indices[(at + 1) % indices.length];
                        }
                    }
                    case 4 -> {
                        if (indices != null && indices.length > 0) {
                            indices = Arrays.copyOf(indices, indices.length - 1);
                        }
                    }
                    case 5 -> {
                        if (parts != null && parts.length > 0) {
                            parts = Arrays.copyOf(parts, parts.length - 1);
                        }
                    }
                    case 6 -> {
                        if (indices != null && parts != null) {
                            indices = Arrays.copyOf(indices, indices.length + 1);
                            indices[indices.length - 1] = random.nextInt(n);
                            parts = Arrays.copyOf(parts, parts.length + 1);
                            parts[parts.length - 1] = encoded[indices[indices.length - 1]];
                        }
                    }
                    case 7 -> {
                        if (parts != null && at < parts.length) {
                            parts[at] = random.nextInt(3) == 0 ? null : randomBytes(random, random.nextInt(16));
                        }
                    }
                    case 8 -> dataLength = switch (random.nextInt(3)) {
                        case 0 -> random.nextInt();
                        case 1 -> dataLength + random.nextInt(-k, k + 1);
                        default -> -1 - random.nextInt(3);
                    };
                    default -> {
                        if (parts != null && at < parts.length && parts[at] != null && parts[at].length > 0) {
                            parts[at] = parts[at].clone();
                            parts[at][random.nextInt(parts[at].length)] ^= 0x40; // corrupt but well formed
                        }
                    }
                }
            }
            try {
                byte[] out = code.decode(indices, parts, dataLength);
                assertEquals(dataLength, out.length);
                accepted++;
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
                rejected++;
            }
        }
        assertTrue(accepted > 3000 && rejected > 3000, accepted + " accepted, " + rejected + " rejected");
    }

    // ---------------------------------------------------------------- seeded property test

    /** Random (f, size, subset) triples, with extra parts and shuffled order; any k distinct parts rebuild the data. */
    @Test
    void randomFaultCountsSizesAndSubsetsRoundTrip() {
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        for (int trial = 0; trial < 2_000; trial++) {
            int f = random.nextInt(0, 21);
            int n = 2 * f + 1;
            int k = f + 1;
            int size = random.nextBoolean() ? random.nextInt(3 * k + 2) : random.nextInt(4097);
            CauchyReedSolomon code = CauchyReedSolomon.forFaults(f);
            byte[] data = randomBytes(random, size);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            shuffle(order, random);
            int[] subset = Arrays.copyOf(order, k + random.nextInt(n - k + 1));
            byte[][] given = new byte[subset.length][];
            for (int i = 0; i < subset.length; i++) {
                given[i] = code.encodePart(data, subset[i]);
            }
            int t = trial;
            assertArrayEquals(data, code.decode(subset, given, size),
                    () -> "trial " + t + ": f = " + f + ", size " + size + ", parts " + Arrays.toString(subset));
        }
    }
}
