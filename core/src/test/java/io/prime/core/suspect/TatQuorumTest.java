package io.prime.core.suspect;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arithmetic behind Properties 4.1 and 4.2 (§4.2, Fig. 5), over random vectors in which up to f entries are
 * chosen by faulty servers (0, infinity, or anything). The simulator tests (SuspectLeaderPropertyTest) check the
 * properties on whole runs; these check the steps of the proofs for every N = 3f+1 up to 16.
 */
class TatQuorumTest {
    private static final long INF = Long.MAX_VALUE;

    /** A random set of at most f faulty servers, as a mask. */
    private static long faulty(SplittableRandom random, int n, int f) {
        long mask = 0;
        int count = random.nextInt(f + 1);
        while (Long.bitCount(mask) < count) {
            mask |= 1L << random.nextInt(n);
        }
        return mask;
    }

    private static long anything(SplittableRandom random, long scale) {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> INF;
            default -> random.nextLong(4 * scale);
        };
    }

    /**
     * Fig. 5: once every correct server's entry is at most B, α (C3) and TAT_acceptable (E3) are at most B whatever
     * the faulty servers put in theirs.
     */
    @Test
    void alphaAndTatAcceptableAreAtMostBWhateverTheFaultyServersSend() {
        SplittableRandom random = new SplittableRandom(41);
        for (int trial = 0; trial < 50_000; trial++) {
            int f = 1 + random.nextInt(5);
            int n = 3 * f + 1;
            long b = 1 + random.nextLong(100_000);
            long bad = faulty(random, n, f);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = (bad & (1L << i)) != 0 ? anything(random, b) : random.nextLong(b + 1);
            }
            assertTrue(TatQuorum.alpha(v, f) <= b, "alpha");
            assertTrue(TatQuorum.tatAcceptable(v, f) <= b, "TAT_acceptable");
        }
    }

    /** The 2f+1 correct entries are what bounds α: with one of them still at infinity, f liars can make it infinite. */
    @Test
    void withFewerThan2fPlus1CorrectEntriesTheBoundIsLost() {
        long[] v = {10, 10, INF, INF}; // f = 1: one correct server not heard from yet, one faulty sends infinity
        assertEquals(INF, TatQuorum.alpha(v, 1));
        long[] heard = {10, 10, 12, INF};
        assertEquals(12, TatQuorum.alpha(heard, 1));
    }

    /**
     * Property 4.1's last step: a leader that no correct server suspects gave at least one correct server a turnaround
     * of at most TAT_acceptable (the leader's own entry stays 0: it sends no TAT-MEASURE).
     */
    @Test
    void aLeaderThatIsNotSuspectedWasTimelyToACorrectServer() {
        SplittableRandom random = new SplittableRandom(42);
        int notSuspected = 0;
        for (int trial = 0; trial < 50_000; trial++) {
            int f = 1 + random.nextInt(5);
            int n = 3 * f + 1;
            int leader = random.nextInt(n);
            long bad = faulty(random, n, f - 1) | 1L << leader; // a faulty leader and up to f-1 helpers
            long acceptable = 1 + random.nextLong(100_000);
            long[] ubs = new long[n];
            long[] reported = new long[n];
            for (int i = 0; i < n; i++) {
                ubs[i] = (bad & (1L << i)) != 0 ? anything(random, acceptable) : acceptable;
                reported[i] = i == leader ? 0 : (bad & (1L << i)) != 0 ? anything(random, acceptable)
                        : random.nextLong(2 * acceptable);
            }
            long tatAcceptable = TatQuorum.tatAcceptable(ubs, f);
            if (TatQuorum.suspect(ubs, reported, f)) {
                continue;
            }
            notSuspected++;
            boolean timelyToACorrectServer = false;
            for (int i = 0; i < n; i++) {
                if ((bad & (1L << i)) == 0 && reported[i] <= tatAcceptable) {
                    timelyToACorrectServer = true;
                }
            }
            assertTrue(timelyToACorrectServer, "not suspected, yet every correct server waited longer than TAT_acceptable");
        }
        assertTrue(notSuspected > 1_000, "the premise held in too few trials: " + notSuspected);
    }

    /**
     * Property 4.2's last step, for a leader that answers every correct server within TAT_acceptable: whatever the
     * faulty servers report, no correct server suspects it.
     */
    @Test
    void aLeaderTimelyToEveryCorrectServerIsNotSuspectedWhateverTheOthersReport() {
        SplittableRandom random = new SplittableRandom(43);
        for (int trial = 0; trial < 50_000; trial++) {
            int f = 1 + random.nextInt(5);
            int n = 3 * f + 1;
            long bad = faulty(random, n, f);
            long acceptable = 1 + random.nextLong(100_000);
            long[] ubs = new long[n];
            long[] reported = new long[n];
            for (int i = 0; i < n; i++) {
                boolean isBad = (bad & (1L << i)) != 0;
                ubs[i] = isBad ? anything(random, acceptable) : acceptable + random.nextLong(acceptable);
                reported[i] = isBad ? anything(random, acceptable) : random.nextLong(acceptable + 1);
            }
            assertFalse(TatQuorum.suspect(ubs, reported, f));
        }
    }

    /**
     * Property 4.2 as the paper proves it: a leader timely to f+1 correct servers is not suspected, even when the
     * other f correct servers are slow and the f faulty ones report anything (E5 takes the (f+1)-th lowest report).
     */
    @Test
    void aLeaderTimelyToFPlus1CorrectServersIsNotSuspected() {
        SplittableRandom random = new SplittableRandom(44);
        for (int trial = 0; trial < 50_000; trial++) {
            int f = 1 + random.nextInt(5);
            int n = 3 * f + 1;
            long bad = faulty(random, n, f);
            long acceptable = 1 + random.nextLong(100_000);
            long[] ubs = new long[n];
            long[] reported = new long[n];
            int timelyCorrect = 0;
            for (int i = 0; i < n; i++) {
                boolean isBad = (bad & (1L << i)) != 0;
                ubs[i] = isBad ? anything(random, acceptable) : acceptable + random.nextLong(acceptable);
                if (isBad) {
                    reported[i] = anything(random, acceptable);
                } else if (timelyCorrect < f + 1) {
                    reported[i] = random.nextLong(acceptable + 1);
                    timelyCorrect++;
                } else {
                    reported[i] = acceptable + 1 + random.nextLong(acceptable); // slow correct servers
                }
            }
            assertFalse(TatQuorum.suspect(ubs, reported, f));
        }
    }

    /** Fig. 4, B10. */
    @Test
    void tatIfLeaderIsRttTimesKLatPlusDeltaPp() {
        assertEquals(2 * 1_000 + 15_000, TatQuorum.tatIfLeader(1_000, 2.0, 15_000));
        assertEquals(1_512, TatQuorum.tatIfLeader(1_001, 1.5, 10), "1501.5 + 10, rounded up");
        assertEquals(INF, TatQuorum.tatIfLeader(INF, 1.0, 10));
    }
}
