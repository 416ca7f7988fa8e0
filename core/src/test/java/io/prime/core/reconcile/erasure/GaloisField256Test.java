package io.prime.core.reconcile.erasure;

import static io.prime.core.reconcile.erasure.GaloisField256.add;
import static io.prime.core.reconcile.erasure.GaloisField256.div;
import static io.prime.core.reconcile.erasure.GaloisField256.inverse;
import static io.prime.core.reconcile.erasure.GaloisField256.mul;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaloisField256Test {

    /** Shift-and-add multiplication modulo 0x11D, independent of the tables under test. */
    private static int referenceMul(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & (1 << i)) != 0) {
                product ^= a << i;
            }
        }
        for (int bit = 14; bit >= 8; bit--) {
            if ((product & (1 << bit)) != 0) {
                product ^= 0x11D << (bit - 8);
            }
        }
        return product;
    }

    @Test
    void multiplicationTableMatchesCarryLessReferenceOnAllPairs() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(referenceMul(a, b), mul(a, b), () -> "mul mismatch");
            }
        }
    }

    @Test
    void additionIsXorAndEveryElementIsItsOwnNegative() {
        for (int a = 0; a < 256; a++) {
            assertEquals(0, add(a, a));
            assertEquals(a, add(a, 0));
            for (int b = 0; b < 256; b++) {
                assertEquals(a ^ b, add(a, b));
            }
        }
    }

    @Test
    void multiplicationIsCommutativeWithIdentityAndZeroOnAllPairs() {
        for (int a = 0; a < 256; a++) {
            assertEquals(a, mul(a, 1));
            assertEquals(0, mul(a, 0));
            for (int b = 0; b < 256; b++) {
                assertEquals(mul(a, b), mul(b, a));
            }
        }
    }

    @Test
    void multiplicationIsAssociativeAndDistributesOverXorOnAllTriples() {
        // 2^24 triples each; a few hundred milliseconds.
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                int ab = mul(a, b);
                for (int c = 0; c < 256; c++) {
                    if (mul(ab, c) != mul(a, mul(b, c))) {
                        throw new AssertionError("not associative at " + a + ", " + b + ", " + c);
                    }
                    if (mul(a, b ^ c) != (ab ^ mul(a, c))) {
                        throw new AssertionError("not distributive at " + a + ", " + b + ", " + c);
                    }
                }
            }
        }
    }

    @Test
    void everyNonZeroElementHasAnInverseAndDivisionUndoesMultiplication() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, mul(a, inverse(a)), "a * a^-1 for a = " + a);
            assertEquals(a, inverse(inverse(a)));
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                assertEquals(a, div(mul(a, b), b));
                assertEquals(mul(a, inverse(b)), div(a, b));
                assertEquals(a, mul(div(a, b), b));
            }
        }
    }

    @Test
    void generatorTwoIsPrimitive() {
        boolean[] seen = new boolean[256];
        for (int e = 0; e < 255; e++) {
            int x = GaloisField256.exp(e);
            assertTrue(x != 0 && !seen[x], "2^" + e + " repeats or is zero");
            seen[x] = true;
            assertEquals(e, GaloisField256.log(x));
        }
        assertEquals(1, GaloisField256.exp(255));
        assertEquals(GaloisField256.exp(7), GaloisField256.exp(255 * 3 + 7));
    }

    @Test
    void rowOperationsMatchScalarArithmeticForEveryCoefficient() {
        SplittableRandom random = new SplittableRandom(0x6F256L);
        byte[] src = new byte[300];
        byte[] dst = new byte[310];
        for (int c = 0; c < 256; c++) {
            for (int i = 0; i < src.length; i++) {
                src[i] = (byte) random.nextInt(256);
            }
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (byte) random.nextInt(256);
            }
            int srcOffset = random.nextInt(20);
            int dstOffset = random.nextInt(10);
            int length = 270 + random.nextInt(11);

            byte[] expected = dst.clone();
            for (int i = 0; i < length; i++) {
                expected[dstOffset + i] ^= (byte) mul(c, src[srcOffset + i] & 0xFF);
            }
            byte[] actual = dst.clone();
            GaloisField256.mulAdd(actual, dstOffset, src, srcOffset, length, c);
            assertArrayEquals(expected, actual, "mulAdd with coefficient " + c);

            expected = dst.clone();
            for (int i = 0; i < length; i++) {
                expected[dstOffset + i] = (byte) mul(c, src[srcOffset + i] & 0xFF);
            }
            actual = dst.clone();
            GaloisField256.mul(actual, dstOffset, src, srcOffset, length, c);
            assertArrayEquals(expected, actual, "mul with coefficient " + c);
        }
    }

    @Test
    void scalingInPlaceAndWholeArrayMulAdd() {
        byte[] row = {1, 2, 3, (byte) 0xFF, 0};
        byte[] copy = row.clone();
        GaloisField256.mul(row, 0, row, 0, row.length, 0x53);
        for (int i = 0; i < row.length; i++) {
            assertEquals(mul(0x53, copy[i] & 0xFF), row[i] & 0xFF);
        }
        byte[] dst = new byte[5];
        GaloisField256.mulAdd(dst, copy, 1);
        assertArrayEquals(copy, dst);
        GaloisField256.mulAdd(dst, copy, 1);
        assertArrayEquals(new byte[5], dst, "x + x = 0");
    }

    @Test
    void rejectsValuesOutsideTheFieldAndZeroDivisors() {
        assertThrows(IllegalArgumentException.class, () -> mul(256, 1));
        assertThrows(IllegalArgumentException.class, () -> mul(1, -1));
        assertThrows(IllegalArgumentException.class, () -> add(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> div(1, 0));
        assertThrows(IllegalArgumentException.class, () -> div(300, 1));
        assertThrows(IllegalArgumentException.class, () -> inverse(0));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.log(0));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.exp(-1));
        assertEquals(0, div(0, 7));
    }

    @Test
    void rowOperationsRejectBadRangesWithIllegalArgument() {
        byte[] a = new byte[4];
        byte[] b = new byte[4];
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mulAdd(a, 1, b, 0, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mulAdd(a, 0, b, 1, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mulAdd(a, -1, b, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mulAdd(a, 0, b, 0, -1, 3));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mulAdd(null, 0, b, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mulAdd(a, 0, b, 0, 1, 256));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mulAdd(a, new byte[3], 1));
        assertThrows(IllegalArgumentException.class, () -> GaloisField256.mul(a, 0, b, Integer.MAX_VALUE, 2, 1));
        GaloisField256.mulAdd(a, 4, b, 4, 0, 9); // empty range at the end is fine
    }
}
