package io.prime.core.testing;

import io.prime.core.codec.WireLimits;
import io.prime.core.crypto.TestKeys;

import java.util.List;

/**
 * Named (limits, keys) configurations the codec tests sweep: small limits that the generator hits exactly, the
 * production defaults, and the largest replica set.
 */
public record TestProfiles(String name, WireLimits limits, TestKeys keys) {
    /** N = 4, tiny limits, 16-byte signatures: the smallest frames, the fuzzer's main corpus. */
    public static TestProfiles small4() {
        WireLimits limits = RandomMessages.smallLimits(4, 3);
        return new TestProfiles("small-n4", limits, RandomMessages.keysFor(limits, 16, 4L));
    }

    /** N = 7, tiny limits, Ed25519-sized (64-byte) signatures: the signature length equals its limit. */
    public static TestProfiles small7() {
        WireLimits limits = RandomMessages.smallLimits(7, 5);
        return new TestProfiles("small-n7", limits, RandomMessages.keysFor(limits, 64, 7L));
    }

    /** N = 10 with the production default limits. */
    public static TestProfiles defaults10() {
        WireLimits limits = WireLimits.defaults(10, 20);
        return new TestProfiles("defaults-n10", limits, RandomMessages.keysFor(limits, 64, 10L));
    }

    /** N = 64, the largest replica set: 64-entry vectors, replica id 63. */
    public static TestProfiles wide64() {
        WireLimits limits = RandomMessages.smallLimits(WireLimits.MAX_REPLICAS, 4);
        return new TestProfiles("wide-n64", limits, RandomMessages.keysFor(limits, 32, 64L));
    }

    public static List<TestProfiles> all() {
        return List.of(small4(), small7(), defaults10(), wide64());
    }

    public RandomMessages generator() {
        return new RandomMessages(limits, keys);
    }

    /** A generator with its own size caps (smaller frames for fuzzing, larger for stress). */
    public RandomMessages generator(int collectionCap, int bytesCap) {
        return new RandomMessages(limits, keys, collectionCap, bytesCap);
    }

    @Override
    public String toString() {
        return name;
    }
}
