package io.prime.core.reconcile.erasure;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A systematic Cauchy Reed–Solomon erasure code over {@link GaloisField256}: an MDS(n, k) code that cuts a byte
 * string into n equally long parts, any k of which rebuild it. Prime's reconciliation (§4.1, Fig. 3) uses
 * MDS(2f + 1, f + 1), see {@link #forFaults(int)}: 2f + 1 servers each send one part of a PO-REQUEST, and since at
 * most f of them are faulty a server that lacks the request receives at least f + 1 correct parts.
 *
 * <p>The construction follows Blömer et al., "An XOR-based erasure-resilient coding scheme" (ICSI TR-95-048, the
 * paper's [16]), with plain GF(2^8) table arithmetic in place of their XOR bit matrices. Data of length L is cut into k
 * slices of {@link #partLength(int, int) p = ceil(L / k)} bytes, the last one zero padded. The n x k generator matrix
 * G is
 * <pre>
 *   row r, r &lt; k:  the unit row e_r           (part r is data slice r: the code is systematic)
 *   row k + i:      C[i][j] = 1 / (x_i + y_j)   (part k + i is a parity part), with x_i = k + i, y_j = j
 * </pre>
 * and part r is byte-wise {@code sum_j G[r][j] * slice_j}. C is a Cauchy matrix: the x's are distinct, the y's are
 * distinct, and no x equals a y, so no denominator is zero.
 *
 * <p><b>Why any k parts suffice.</b> Pick k rows of G: the unit rows of a set A of data slices and m = k - |A| parity
 * rows B. Ordering the columns with A first makes the k x k submatrix block triangular, {@code [[I, 0], [*, C_BA']]},
 * where A' is the m columns not in A; its determinant is det(C_BA'). Every square submatrix of a Cauchy matrix is a
 * Cauchy matrix (of a subset of the x's and y's), and a Cauchy matrix has determinant
 * {@code prod_{i<j} (x_j - x_i)(y_j - y_i) / prod_{i,j} (x_i + y_j)}, which is non-zero when the x's are distinct and
 * the y's are distinct. So every k x k submatrix of G is invertible, and {@link #decode} inverts it by Gauss–Jordan
 * elimination.
 *
 * <p><b>Bound.</b> The n - k x's (one per parity row) and the k y's (one per column) must be n distinct elements of
 * a field with 256 elements, so {@code 1 <= k <= n <= 256}. A non-systematic n x k Cauchy generator would need
 * n + k distinct elements (n + k <= 256); the systematic form needs no x for the k identity rows. For Prime,
 * n = 2f + 1 <= 256 allows f <= 127.
 *
 * <p><b>What the code does not do.</b> It rebuilds bytes; it does not detect corrupted parts. A faulty sender's part
 * decodes to wrong bytes, so the caller compares the SHA-256 digest of the decoded bytes with the digest certified
 * for the update ({@link io.prime.core.crypto.Hasher}) and, on a mismatch, can wait for more parts and try another
 * subset.
 *
 * <p><b>Decode matrices are cached</b> per subset of parts (sorted, so arrival order does not matter): inverting the
 * k x k matrix costs about as much as rebuilding a 512-byte update, and a replica tends to see the same few subsets again
 * and again (the first f + 1 parts to arrive usually come from the same senders). The cache stops adding
 * matrices once it holds {@link #CACHE_BYTES} of them; for f <= 5 every subset fits. Results never depend on it.
 *
 * <p>Thread-safe: the coefficients never change and the cache is a concurrent map of matrices that are never written
 * after they are cached.
 */
public final class CauchyReedSolomon {
    /** The largest n: the number of elements of GF(2^8), see the class comment. */
    public static final int MAX_PARTS = GaloisField256.ORDER;

    /** Upper bound on the bytes of cached decode matrices per code (k * k bytes each). */
    public static final int CACHE_BYTES = 1 << 20;

    private final int n;
    private final int k;
    /** parity[i][j] = 1 / (x_i + y_j): generator row k + i. */
    private final int[][] parity;
    /** Inverse of the decode matrix of each subset of rows seen, up to maxCachedSubsets entries. */
    private final Map<Subset, byte[][]> decodeMatrices = new ConcurrentHashMap<>();
    private final int maxCachedSubsets;

    /** A set of part indices in [0, 256) as a 256-bit mask; the cache key. */
    private record Subset(long w0, long w1, long w2, long w3) {
        static Subset of(int[] rows) {
            long[] w = new long[4];
            for (int r : rows) {
                w[r >>> 6] |= 1L << r; // the shift uses the low 6 bits of r
            }
            return new Subset(w[0], w[1], w[2], w[3]);
        }
    }

    /**
     * An MDS(n, k) code: n parts, any k of which rebuild the data.
     *
     * @throws IllegalArgumentException unless 1 <= k <= n <= {@link #MAX_PARTS}
     */
    public CauchyReedSolomon(int n, int k) {
        if (k < 1 || k > n || n > MAX_PARTS) {
            throw new IllegalArgumentException("need 1 <= k <= n <= " + MAX_PARTS + ", got n = " + n + ", k = " + k);
        }
        this.n = n;
        this.k = k;
        this.parity = new int[n - k][k];
        for (int i = 0; i < n - k; i++) {
            int x = k + i;
            for (int j = 0; j < k; j++) {
                int y = j;
                parity[i][j] = GaloisField256.inverse(GaloisField256.add(x, y));
            }
        }
        this.maxCachedSubsets = Math.max(1, CACHE_BYTES / (k * k));
    }

    /**
     * The code reconciliation uses when up to f servers are faulty: MDS(2f + 1, f + 1).
     *
     * @throws IllegalArgumentException unless 0 <= f <= 127
     */
    public static CauchyReedSolomon forFaults(int f) {
        if (f < 0 || 2 * f + 1 > MAX_PARTS) {
            throw new IllegalArgumentException("need 0 <= f <= " + (MAX_PARTS - 1) / 2 + ", got f = " + f);
        }
        return new CauchyReedSolomon(2 * f + 1, f + 1);
    }

    /** n: the number of parts {@link #encode} produces. */
    public int totalParts() {
        return n;
    }

    /** k: the number of parts {@link #decode} needs. */
    public int requiredParts() {
        return k;
    }

    /**
     * The length of every part of data of {@code dataLength} bytes: ceil(dataLength / k), so 0 for empty data.
     *
     * @throws IllegalArgumentException if dataLength < 0 or k < 1
     */
    public static int partLength(int dataLength, int k) {
        if (dataLength < 0) {
            throw new IllegalArgumentException("dataLength must be non-negative, got " + dataLength);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        return dataLength == 0 ? 0 : (dataLength - 1) / k + 1; // ceil without overflowing near Integer.MAX_VALUE
    }

    /** {@link #partLength(int, int)} for this code's k. */
    public int partLength(int dataLength) {
        return partLength(dataLength, k);
    }

    /**
     * The generator coefficient G[row][column]: 1 or 0 for the data rows, 1 / (x + y) for the parity rows.
     *
     * @throws IllegalArgumentException unless 0 <= row < n and 0 <= column < k
     */
    public int coefficient(int row, int column) {
        if (row < 0 || row >= n || column < 0 || column >= k) {
            throw new IllegalArgumentException("no generator entry (" + row + ", " + column + ") in a " + n + " x "
                    + k + " matrix");
        }
        return row < k ? (row == column ? 1 : 0) : parity[row - k][column];
    }

    /**
     * Cuts {@code data} into n parts of {@link #partLength(int) partLength(data.length)} bytes each: parts 0..k-1 are
     * the (zero padded) data slices, parts k..n-1 the parity parts. The caller keeps {@code data.length}, which
     * {@link #decode} needs to strip the padding.
     *
     * @throws IllegalArgumentException if data is null
     */
    public byte[][] encode(byte[] data) {
        requireData(data);
        byte[][] parts = new byte[n][];
        for (int r = 0; r < n; r++) {
            parts[r] = encodePart(data, r);
        }
        return parts;
    }

    /**
     * Part {@code index} of {@link #encode encode(data)} alone, at 1/n of the cost: in Fig. 3 each of the 2f + 1
     * senders computes and sends only its own part.
     *
     * @throws IllegalArgumentException if data is null or index is not in [0, n)
     */
    public byte[] encodePart(byte[] data, int index) {
        requireData(data);
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("part index " + index + " is outside [0, " + n + ")");
        }
        int p = partLength(data.length);
        byte[] part = new byte[p];
        if (index < k) {
            System.arraycopy(data, sliceStart(index, p, data.length), part, 0, sliceLength(index, p, data.length));
            return part;
        }
        int[] row = parity[index - k];
        for (int j = 0; j < k; j++) {
            // The padding of the last slice is zero and contributes nothing, so only the slice's real bytes are read.
            int start = sliceStart(j, p, data.length);
            GaloisField256.mulAdd(part, 0, data, start, sliceLength(j, p, data.length), row[j]);
        }
        return part;
    }

    /**
     * Rebuilds data of {@code dataLength} bytes from at least k distinct parts: {@code parts[i]} is part number
     * {@code partIndices[i]} of {@link #encode}. The parts may come in any order; if more than k are given, the first
     * k are used (all are validated). The arrays passed in are not modified.
     *
     * <p>Corrupted parts are not detected here: they yield wrong bytes, which the caller catches by comparing the
     * SHA-256 digest of the result with the certified one.
     *
     * @throws IllegalArgumentException if an array is null, the two arrays differ in length, fewer than k or more than
     *     n parts are given, an index is outside [0, n) or repeated, a part is null, the parts differ in length, or
     *     their length is not {@link #partLength(int) partLength(dataLength)} (dataLength negative or too large)
     */
    public byte[] decode(int[] partIndices, byte[][] parts, int dataLength) {
        int p = checkDecodeInput(partIndices, parts, dataLength);

        // The first k parts, sorted by index so that the data parts come first and the decode matrix of a subset does
        // not depend on the order the parts arrived in.
        int[] rows = Arrays.copyOf(partIndices, k);
        byte[][] chosen = Arrays.copyOf(parts, k);
        sortByIndex(rows, chosen);

        byte[] data = new byte[dataLength];
        boolean[] present = new boolean[k];
        int missing = k;
        for (int r = 0; r < k && rows[r] < k; r++) {
            int j = rows[r];
            System.arraycopy(chosen[r], 0, data, sliceStart(j, p, dataLength), sliceLength(j, p, dataLength));
            present[j] = true;
            missing--;
        }
        if (missing == 0) {
            return data;
        }

        // slice_j = sum_r inverse[j][r] * chosen_r. Rows of the inverse for slices we already have are unit rows, so
        // only the missing slices are computed, and only their real (unpadded) bytes.
        byte[][] inverse = decodeMatrix(rows);
        for (int j = 0; j < k; j++) {
            if (present[j]) {
                continue;
            }
            int start = sliceStart(j, p, dataLength);
            int length = sliceLength(j, p, dataLength);
            for (int r = 0; r < k; r++) {
                GaloisField256.mulAdd(data, start, chosen[r], 0, length, inverse[j][r] & 0xFF);
            }
        }
        return data;
    }

    /** Validates decode's arguments and returns the common part length. */
    private int checkDecodeInput(int[] partIndices, byte[][] parts, int dataLength) {
        if (partIndices == null || parts == null) {
            throw new IllegalArgumentException("partIndices and parts must not be null");
        }
        if (partIndices.length != parts.length) {
            throw new IllegalArgumentException(partIndices.length + " part indices but " + parts.length + " parts");
        }
        if (parts.length < k || parts.length > n) {
            throw new IllegalArgumentException("need between k = " + k + " and n = " + n + " parts, got "
                    + parts.length);
        }
        if (dataLength < 0) {
            throw new IllegalArgumentException("dataLength must be non-negative, got " + dataLength);
        }
        boolean[] seen = new boolean[n];
        for (int i = 0; i < partIndices.length; i++) {
            int index = partIndices[i];
            if (index < 0 || index >= n) {
                throw new IllegalArgumentException("part index " + index + " is outside [0, " + n + ")");
            }
            if (seen[index]) {
                throw new IllegalArgumentException("part index " + index + " is given twice");
            }
            seen[index] = true;
            if (parts[i] == null) {
                throw new IllegalArgumentException("part " + index + " is null");
            }
            if (parts[i].length != parts[0].length) {
                throw new IllegalArgumentException("parts differ in length: part " + partIndices[0] + " has "
                        + parts[0].length + " bytes, part " + index + " has " + parts[i].length);
            }
        }
        int p = parts[0].length;
        if (dataLength > (long) p * k) {
            throw new IllegalArgumentException("dataLength " + dataLength + " is too large: " + k + " parts of " + p
                    + " bytes hold at most " + (long) p * k);
        }
        int expected = partLength(dataLength);
        if (p != expected) {
            throw new IllegalArgumentException("parts of " + p + " bytes do not match dataLength " + dataLength
                    + ": with k = " + k + " each part must be " + expected + " bytes");
        }
        return p;
    }

    /** The inverse of the submatrix of G made of the given (sorted) rows, from the cache when possible. */
    private byte[][] decodeMatrix(int[] rows) {
        Subset key = Subset.of(rows);
        byte[][] inverse = decodeMatrices.get(key);
        if (inverse == null) {
            inverse = invert(generatorRows(rows));
            if (decodeMatrices.size() < maxCachedSubsets) {
                decodeMatrices.putIfAbsent(key, inverse);
            }
        }
        return inverse;
    }

    /** How many decode matrices are cached; for tests. */
    int cachedDecodeMatrices() {
        return decodeMatrices.size();
    }

    /** The k x k submatrix of G made of the given rows, one byte[] per row. */
    private byte[][] generatorRows(int[] rows) {
        byte[][] m = new byte[k][k];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < k; j++) {
                m[r][j] = (byte) coefficient(rows[r], j);
            }
        }
        return m;
    }

    /**
     * Inverts a k x k matrix over GF(2^8) by Gauss–Jordan elimination on [m | I], using the field's row operations.
     * Every matrix passed here is a k x k submatrix of G and hence invertible (class comment), so a missing pivot is
     * a bug, not bad input.
     */
    private static byte[][] invert(byte[][] m) {
        int size = m.length;
        byte[][] a = new byte[size][2 * size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(m[r], 0, a[r], 0, size);
            a[r][size + r] = 1;
        }
        for (int col = 0; col < size; col++) {
            int pivot = col;
            while (pivot < size && a[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == size) {
                throw new IllegalStateException("singular decode matrix: a Cauchy submatrix was not invertible");
            }
            byte[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            byte[] row = a[col];
            int scale = GaloisField256.inverse(row[col] & 0xFF);
            GaloisField256.mul(row, 0, row, 0, row.length, scale); // pivot becomes 1
            for (int r = 0; r < size; r++) {
                int factor = a[r][col] & 0xFF;
                if (r != col && factor != 0) {
                    GaloisField256.mulAdd(a[r], row, factor); // clears a[r][col] (adding is subtracting)
                }
            }
        }
        byte[][] inverse = new byte[size][];
        for (int r = 0; r < size; r++) {
            inverse[r] = Arrays.copyOfRange(a[r], size, 2 * size);
        }
        return inverse;
    }

    /** Insertion sort of (rows[i], parts[i]) pairs by row; k is small. */
    private static void sortByIndex(int[] rows, byte[][] parts) {
        for (int i = 1; i < rows.length; i++) {
            int row = rows[i];
            byte[] part = parts[i];
            int j = i - 1;
            while (j >= 0 && rows[j] > row) {
                rows[j + 1] = rows[j];
                parts[j + 1] = parts[j];
                j--;
            }
            rows[j + 1] = row;
            parts[j + 1] = part;
        }
    }

    /**
     * Where data slice j starts in data of dataLength bytes, clamped to dataLength for a slice that is all padding
     * (e.g. slice 2 of 1 byte with k = 3), so that the (empty) range stays inside the array.
     */
    private static int sliceStart(int j, int p, int dataLength) {
        return (int) Math.min((long) j * p, dataLength);
    }

    /** How many real (unpadded) bytes data slice j has: p, fewer for the last, or 0 past the end. */
    private static int sliceLength(int j, int p, int dataLength) {
        long start = (long) j * p;
        return (int) Math.max(0, Math.min(p, dataLength - start));
    }

    private static void requireData(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
    }

    @Override
    public String toString() {
        return "CauchyReedSolomon(n = " + n + ", k = " + k + ")";
    }
}
