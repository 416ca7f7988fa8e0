package io.prime.kv;

import io.prime.core.app.ExecutionContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KvStoreTest {
    private static final ExecutionContext CTX = new ExecutionContext(1, 1, 0, 1, 0, 1);

    private static KvResult run(KvStore store, KvOperation op) {
        return KvResult.decode(store.execute(CTX, KvOperation.encode(op)));
    }

    @Test
    void putGetDeleteAndCompareAndSet() {
        KvStore s = new KvStore();
        assertEquals(KvResult.NOT_FOUND, run(s, KvOperation.get("a")));
        assertEquals(KvResult.OK, run(s, KvOperation.put("a", "1")));
        assertEquals("1", run(s, KvOperation.get("a")).valueUtf8());
        assertEquals(KvResult.Status.CAS_MISMATCH, run(s, KvOperation.cas("a", "2", "3")).status());
        assertEquals("1", run(s, KvOperation.cas("a", "2", "3")).valueUtf8());
        assertEquals(KvResult.OK, run(s, KvOperation.cas("a", "1", "3")));
        assertEquals("3", run(s, KvOperation.get("a")).valueUtf8());
        assertEquals(KvResult.Status.CAS_MISMATCH, run(s, KvOperation.cas("b", "x", "y")).status());
        assertEquals(KvResult.OK, run(s, KvOperation.cas("b", null, "y")));
        assertEquals(KvResult.Status.CAS_MISMATCH, run(s, KvOperation.cas("b", null, "z")).status());
        assertEquals(KvResult.OK, run(s, KvOperation.delete("a")));
        assertEquals(KvResult.NOT_FOUND, run(s, KvOperation.delete("a")));
        assertEquals(1, s.size());
    }

    @Test
    void malformedOperationsGetAClearErrorResult() {
        KvStore s = new KvStore();
        byte[][] bad = {
            {}, {9}, {1}, {1, 0, 0}, {2, 0, 1}, {2, 0, 1, 'k', 0}, {1, 0, 1, 'k', 0, 0, 0, 5, 1},
            {4, 0, 1, 'k', 2, 0, 0, 0, 0}, {3, (byte) 0xFF, (byte) 0xFF, 1}
        };
        for (byte[] b : bad) {
            KvResult r = KvResult.decode(s.execute(CTX, b));
            assertEquals(KvResult.Status.MALFORMED, r.status(), r.toString());
        }
        assertEquals(0, s.size());
    }

    @Test
    void limitsAreEnforcedDeterministically() {
        KvStore s = new KvStore(new KvLimits(4, 8, 2, 1000));
        assertEquals(KvResult.Status.MALFORMED, run(s, KvOperation.put("toolong", "v")).status());
        assertEquals(KvResult.Status.MALFORMED, run(s, KvOperation.put("k", "123456789")).status());
        assertEquals(KvResult.OK, run(s, KvOperation.put("a", "1")));
        assertEquals(KvResult.OK, run(s, KvOperation.put("b", "1")));
        assertEquals(KvResult.STORE_FULL, run(s, KvOperation.put("c", "1")));
        assertEquals(KvResult.OK, run(s, KvOperation.put("a", "2")));
    }

    @Test
    void operationsAndResultsRoundTrip() {
        KvOperation[] ops = {KvOperation.put("k", "v"), KvOperation.get("k"), KvOperation.delete("k"),
            KvOperation.cas("k", null, "n"), KvOperation.cas("k", "o", "n")};
        for (KvOperation op : ops) {
            byte[] enc = KvOperation.encode(op);
            assertArrayEquals(enc, KvOperation.encode(assertDoesNotThrowDecode(enc)));
        }
        KvResult[] results = {KvResult.OK, KvResult.NOT_FOUND, KvResult.STORE_FULL, KvResult.value(new byte[] {1, 2}),
            KvResult.casMismatch(null), KvResult.casMismatch(new byte[] {3}), KvResult.malformed("why")};
        for (KvResult r : results) {
            assertEquals(r, KvResult.decode(r.encode()));
        }
        assertThrows(IllegalArgumentException.class, () -> KvResult.decode(new byte[] {0, 1, 0}));
    }

    private static KvOperation assertDoesNotThrowDecode(byte[] enc) {
        try {
            return KvOperation.decode(enc, KvLimits.defaults());
        } catch (MalformedOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void snapshotIsCanonicalAndRestores() {
        Random random = new Random(1);
        KvStore a = new KvStore();
        for (int i = 0; i < 500; i++) {
            byte[] key = new byte[1 + random.nextInt(8)];
            random.nextBytes(key);
            byte[] value = new byte[random.nextInt(20)];
            random.nextBytes(value);
            a.apply(KvOperation.encode(random.nextInt(5) == 0 ? new KvOperation.Delete(key) : new KvOperation.Put(key, value)));
        }
        KvStore b = new KvStore();
        b.restore(a.snapshot());
        assertArrayEquals(a.snapshot(), b.snapshot());
        assertEquals(a.size(), b.size());
        assertEquals(a.totalBytes(), b.totalBytes());
        byte[] get = KvOperation.encode(KvOperation.get("x"));
        assertArrayEquals(a.execute(CTX, get), b.execute(CTX, get));
        assertThrows(IllegalArgumentException.class, () -> b.restore(new byte[] {0, 0, 0, 1, 0}));
        byte[] unordered = {0, 0, 0, 2, 0, 1, 'b', 0, 0, 0, 0, 0, 1, 'a', 0, 0, 0, 0};
        assertThrows(IllegalArgumentException.class, () -> b.restore(unordered));
        assertEquals(a.size(), b.size(), "a refused snapshot leaves the state alone");
        assertEquals("k", new String(new byte[] {'k'}, StandardCharsets.UTF_8));
    }
}
