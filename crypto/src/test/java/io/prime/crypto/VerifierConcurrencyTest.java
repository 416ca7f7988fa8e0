package io.prime.crypto;

import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.SignatureScheme.KeyPair;
import io.prime.core.crypto.Signer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime verifies on a worker pool with one verifier per principal, so several threads hit the same verifier at
 * once. Each thread checks a mix of valid and tampered signatures; any shared mutable state would mix them up.
 */
class VerifierConcurrencyTest {
    private static final int THREADS = 4;
    private static final int MESSAGES = 32;
    private static final int ROUNDS = 5;

    static List<SignatureScheme> schemes() {
        return TestSchemes.all();
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void oneVerifierServesManyThreads(SignatureScheme scheme) throws Exception {
        KeyPair keys = KeyGeneration.deterministicKeyPair(scheme, 11L, KeyGeneration.Role.REPLICA, 1);
        Signer signer = scheme.signer(keys.privateKey());
        byte[][] messages = new byte[MESSAGES][];
        byte[][] signatures = new byte[MESSAGES][];
        for (int i = 0; i < MESSAGES; i++) {
            messages[i] = ("message " + i + " of a batch").repeat(i + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            signatures[i] = signer.sign(messages[i]);
            if (i % 3 == 0) {
                signatures[i][i % 64] ^= 0x40; // every third signature is bad
            }
        }
        PublicKeyVerifier verifier = scheme.verifier(keys.publicKey());

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1); // release all threads together to maximise overlap
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * 7;
                Callable<Integer> task = () -> {
                    start.await();
                    int mistakes = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int k = 0; k < MESSAGES; k++) {
                            int i = (k + offset) % MESSAGES;
                            boolean expected = i % 3 != 0;
                            if (verifier.verify(messages[i], signatures[i]) != expected) {
                                mistakes++;
                            }
                        }
                    }
                    return mistakes;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(60, TimeUnit.SECONDS), scheme + ": a thread saw a wrong verdict");
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }
}
