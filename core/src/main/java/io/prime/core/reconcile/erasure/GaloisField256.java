package io.prime.core.reconcile.erasure;

/**
 * Arithmetic in the finite field GF(2^8), the symbol alphabet of {@link CauchyReedSolomon}.
 *
 * <p>An element is a byte, read as a polynomial over GF(2) of degree below 8 (bit {@code i} is the coefficient of
 * x^i). Addition and subtraction are both XOR. Multiplication is polynomial multiplication reduced modulo the
 * primitive polynomial {@link #POLYNOMIAL} = x^8 + x^4 + x^3 + x^2 + 1 (0x11D, the polynomial used by most
 * Reed–Solomon codes, e.g. in RAID-6 and QR codes). Because it is primitive, x (the element {@link #GENERATOR} = 2)
 * generates the multiplicative group: its powers 2^0 .. 2^254 run through all 255 non-zero elements, which gives the
 * log/exp tables below.
 *
 * <p>Scalar methods take and return elements as {@code int}s in [0, 255] and reject anything else. The row
 * operations ({@link #mulAdd}, {@link #mul(byte[], int, byte[], int, int, int)}) are the codec's inner loops: they
 * read one 256-entry row of a full multiplication table per coefficient, so each byte costs one table load and one
 * XOR.
 *
 * <p>Stateless; the tables are built once at class initialisation and never change.
 */
public final class GaloisField256 {
    /** The field's order: 256 elements. */
    public static final int ORDER = 256;
    /** x^8 + x^4 + x^3 + x^2 + 1, a primitive polynomial of degree 8 over GF(2). */
    public static final int POLYNOMIAL = 0x11D;
    /** x, a generator of the multiplicative group modulo {@link #POLYNOMIAL}. */
    public static final int GENERATOR = 2;

    /** EXP[i] = GENERATOR^i for i in [0, 510): doubled so that EXP[log a + log b] needs no modulo. */
    private static final int[] EXP = new int[2 * 255];
    /** LOG[a] = i such that GENERATOR^i = a, for a != 0. LOG[0] is unused (zero has no logarithm). */
    private static final int[] LOG = new int[ORDER];
    /** MUL[a][b] = a * b. 64 KiB; a row is the "multiply by a" map used by the row operations. */
    private static final byte[][] MUL = new byte[ORDER][ORDER];
    /** INV[a] = a^-1 for a != 0; INV[0] is unused. */
    private static final int[] INV = new int[ORDER];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            EXP[i + 255] = x;
            LOG[x] = i;
            x <<= 1; // multiply by the generator x ...
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL; // ... and reduce: x^8 = x^4 + x^3 + x^2 + 1
            }
        }
        if (x != 1) {
            throw new AssertionError("0x11D is not primitive"); // cannot happen; guards edits to POLYNOMIAL
        }
        for (int a = 1; a < ORDER; a++) {
            INV[a] = EXP[255 - LOG[a]];
            for (int b = 1; b < ORDER; b++) {
                MUL[a][b] = (byte) EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private GaloisField256() {
    }

    /** a + b, which is also a - b. */
    public static int add(int a, int b) {
        return checkElement(a) ^ checkElement(b);
    }

    /** a * b. */
    public static int mul(int a, int b) {
        return MUL[checkElement(a)][checkElement(b)] & 0xFF;
    }

    /** a / b; b must not be 0. */
    public static int div(int a, int b) {
        checkElement(a);
        if (checkElement(b) == 0) {
            throw new IllegalArgumentException("division by zero in GF(256)");
        }
        return a == 0 ? 0 : EXP[LOG[a] + 255 - LOG[b]];
    }

    /** a^-1; a must not be 0. */
    public static int inverse(int a) {
        if (checkElement(a) == 0) {
            throw new IllegalArgumentException("zero has no inverse in GF(256)");
        }
        return INV[a];
    }

    /** GENERATOR^e for any e >= 0. */
    public static int exp(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("exponent must be non-negative, got " + e);
        }
        return EXP[e % 255];
    }

    /** The discrete logarithm of a != 0 to base GENERATOR, in [0, 254]. */
    public static int log(int a) {
        if (checkElement(a) == 0) {
            throw new IllegalArgumentException("zero has no logarithm in GF(256)");
        }
        return LOG[a];
    }

    /**
     * dst[dstOffset + i] += coefficient * src[srcOffset + i] for i in [0, length): the "add a multiple of one row to
     * another" step of encoding, decoding and elimination. Coefficient 0 leaves dst unchanged; 1 is a plain XOR.
     */
    public static void mulAdd(byte[] dst, int dstOffset, byte[] src, int srcOffset, int length, int coefficient) {
        checkRange(dst, dstOffset, length, "dst");
        checkRange(src, srcOffset, length, "src");
        checkElement(coefficient);
        if (coefficient == 0) {
            return;
        }
        if (coefficient == 1) {
            for (int i = 0; i < length; i++) {
                dst[dstOffset + i] ^= src[srcOffset + i];
            }
            return;
        }
        byte[] row = MUL[coefficient];
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] ^= row[src[srcOffset + i] & 0xFF];
        }
    }

    /** {@link #mulAdd(byte[], int, byte[], int, int, int)} over the whole of two equally long arrays. */
    public static void mulAdd(byte[] dst, byte[] src, int coefficient) {
        if (dst == null || src == null || dst.length != src.length) {
            throw new IllegalArgumentException("mulAdd needs two arrays of equal length");
        }
        mulAdd(dst, 0, src, 0, src.length, coefficient);
    }

    /**
     * dst[dstOffset + i] = coefficient * src[srcOffset + i] for i in [0, length). Scaling in place (same array, same
     * offset) is allowed.
     */
    public static void mul(byte[] dst, int dstOffset, byte[] src, int srcOffset, int length, int coefficient) {
        checkRange(dst, dstOffset, length, "dst");
        checkRange(src, srcOffset, length, "src");
        byte[] row = MUL[checkElement(coefficient)];
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = row[src[srcOffset + i] & 0xFF];
        }
    }

    private static int checkElement(int a) {
        if ((a & ~0xFF) != 0) {
            throw new IllegalArgumentException("not an element of GF(256): " + a);
        }
        return a;
    }

    private static void checkRange(byte[] array, int offset, int length, String name) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IllegalArgumentException(name + " range [" + offset + ", " + offset + " + " + length
                    + ") is outside an array of " + array.length + " bytes");
        }
    }
}
