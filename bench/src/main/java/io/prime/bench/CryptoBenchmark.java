package io.prime.bench;

import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.MerkleTree;
import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.Signer;
import io.prime.crypto.KeyGeneration;
import io.prime.crypto.SignatureSchemes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Signatures and digests, as the protocol uses them. Results: docs/benchmarks.md, "Signatures and digests".
 *
 * <p>Every signature in the protocol is over {@code tag || SHA-256 digest} (33 bytes, {@link DomainTag#signedBytes}),
 * so sign and verify are measured on exactly that. The batch benchmarks build a Merkle tree over B leaf digests and
 * sign its root once with the default Ed25519; {@code @OperationsPerInvocation(B)} makes JMH report the cost per
 * message.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar CryptoBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CryptoBenchmark {

    @State(Scope.Thread)
    public static class SignatureState {
        @Param({"ed25519-accp", "ed25519-bc", "ed25519-jdk"})
        public String scheme;

        Signer signer;
        PublicKeyVerifier verifier;
        byte[] message;
        byte[] signature;

        @Setup
        public void setUp() {
            SignatureScheme implementation = SignatureSchemes.byName(scheme); // throws, with the reason, if unavailable
            SignatureScheme.KeyPair keys =
                    KeyGeneration.deterministicKeyPair(implementation, 1L, KeyGeneration.Role.REPLICA, 0);
            signer = implementation.signer(keys.privateKey());
            verifier = implementation.verifier(keys.publicKey());
            message = DomainTag.signedBytes(DomainTag.MERKLE_ROOT_SIGNATURE, new Hasher().digest(new byte[] {1, 2, 3}));
            signature = signer.sign(message);
            if (!verifier.verify(message, signature)) {
                throw new IllegalStateException(scheme + " does not verify its own signature");
            }
        }
    }

    @State(Scope.Thread)
    public static class HashState {
        @Param({"512", "4096"})
        public int bytes;

        Hasher hasher;
        byte[] data;

        @Setup
        public void setUp() {
            hasher = new Hasher();
            data = new byte[bytes];
            new Random(bytes).nextBytes(data);
        }
    }

    /** Leaf digests of 256 messages and the default (fastest available) Ed25519 signer. */
    @State(Scope.Thread)
    public static class BatchState {
        Hasher hasher;
        List<Digest> leaves;
        Signer signer;
        PublicKeyVerifier verifier;
        MerkleTree tree256;
        byte[] rootSignature256;

        @Setup
        public void setUp() {
            hasher = new Hasher();
            Random random = new Random(256);
            leaves = new ArrayList<>();
            byte[] body = new byte[512];
            for (int i = 0; i < 256; i++) {
                random.nextBytes(body);
                leaves.add(hasher.digest(DomainTag.MERKLE_LEAF, body, 0, body.length));
            }
            SignatureScheme scheme = SignatureSchemes.fastestAvailable();
            System.out.println("\n[CryptoBenchmark] " + SignatureSchemes.describeSelection());
            SignatureScheme.KeyPair keys = KeyGeneration.deterministicKeyPair(scheme, 1L, KeyGeneration.Role.REPLICA, 0);
            signer = scheme.signer(keys.privateKey());
            verifier = scheme.verifier(keys.publicKey());
            tree256 = MerkleTree.build(leaves, hasher);
            rootSignature256 = signer.sign(DomainTag.signedBytes(DomainTag.MERKLE_ROOT_SIGNATURE, tree256.root()));
        }

        byte[] buildAndSign(int batchSize) {
            MerkleTree tree = MerkleTree.build(leaves.subList(0, batchSize), hasher);
            return signer.sign(DomainTag.signedBytes(DomainTag.MERKLE_ROOT_SIGNATURE, tree.root()));
        }
    }

    @Benchmark
    public byte[] sign(SignatureState state) {
        return state.signer.sign(state.message);
    }

    @Benchmark
    public boolean verify(SignatureState state) {
        return state.verifier.verify(state.message, state.signature);
    }

    @Benchmark
    public Digest sha256(HashState state) {
        return state.hasher.digest(state.data);
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public byte[] batchSignPerMessage_B001(BatchState state) {
        return state.buildAndSign(1);
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public byte[] batchSignPerMessage_B016(BatchState state) {
        return state.buildAndSign(16);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public byte[] batchSignPerMessage_B064(BatchState state) {
        return state.buildAndSign(64);
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public byte[] batchSignPerMessage_B256(BatchState state) {
        return state.buildAndSign(256);
    }

    /**
     * The receiver's side of one message from a batch of 256: recompute the root from the leaf and its 8 siblings,
     * then verify the root signature. Batching saves the sender signatures; a receiver that does not cache verified
     * roots still pays one verification per message.
     */
    @Benchmark
    public boolean batchVerifyOneMessage_B256(BatchState state) {
        int index = 137;
        Digest root = MerkleTree.rootFromProof(state.leaves.get(index), index, state.tree256.proof(index), state.hasher);
        return state.verifier.verify(DomainTag.signedBytes(DomainTag.MERKLE_ROOT_SIGNATURE, root),
                state.rootSignature256);
    }
}
