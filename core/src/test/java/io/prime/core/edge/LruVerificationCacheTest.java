package io.prime.core.edge;

import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The cache against a model (a LinkedHashSet that drops its first element when over capacity), over random use. */
class LruVerificationCacheTest {
    @Test
    void forgetsOldestFirstAndNeverAnythingElse() {
        Hasher hasher = new Hasher();
        for (long seed = 1; seed <= 12; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int capacity = 1 + random.nextInt(300);
            LruVerificationCache cache = new LruVerificationCache(capacity);
            LinkedHashSet<Digest> model = new LinkedHashSet<>();
            List<Digest> universe = new ArrayList<>();
            for (int i = 0; i < 3 * capacity + 10; i++) {
                universe.add(hasher.digest(new byte[]{(byte) seed, (byte) i, (byte) (i >>> 8)}));
            }
            for (int step = 0; step < 20_000; step++) {
                Digest d = universe.get(random.nextInt(universe.size()));
                if (random.nextBoolean()) {
                    cache.add(d);
                    if (model.add(d) && model.size() > capacity) {
                        model.remove(model.iterator().next());
                    }
                } else {
                    assertEquals(model.contains(d), cache.contains(d), "seed " + seed + " step " + step);
                }
                assertEquals(model.size(), cache.size());
            }
            for (Digest d : universe) {
                assertEquals(model.contains(d), cache.contains(d));
            }
        }
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new LruVerificationCache(0));
    }
}
