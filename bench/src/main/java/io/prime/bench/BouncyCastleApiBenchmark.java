package io.prime.bench;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Which BouncyCastle Ed25519 API to build {@code ed25519-bc} on: the static rfc8032 functions (with or without the
 * cached public key / decoded public point) or the {@link Ed25519Signer} wrapper. 33-byte messages, as in
 * CryptoBenchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class BouncyCastleApiBenchmark {
    private final byte[] seed = new byte[32];
    private final byte[] publicKey = new byte[32];
    private final byte[] message = new byte[33];
    private final byte[] signature = new byte[64];
    private Ed25519.PublicPoint publicPoint;
    private Ed25519Signer wrapperSigner;
    private Ed25519Signer wrapperVerifier;

    @Setup
    public void setUp() {
        Arrays.fill(seed, (byte) 7);
        Arrays.fill(message, (byte) 0x10);
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        publicPoint = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        Ed25519PrivateKeyParameters privateParameters = new Ed25519PrivateKeyParameters(seed, 0);
        wrapperSigner = new Ed25519Signer();
        wrapperSigner.init(true, privateParameters);
        wrapperVerifier = new Ed25519Signer();
        wrapperVerifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    }

    @Benchmark
    public byte[] signStaticWithPublicKey() {
        byte[] out = new byte[64];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] signStaticRecomputingPublicKey() {
        byte[] out = new byte[64];
        Ed25519.sign(seed, 0, message, 0, message.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] signWithEd25519Signer() {
        wrapperSigner.update(message, 0, message.length);
        return wrapperSigner.generateSignature();
    }

    @Benchmark
    public boolean verifyStaticWithPublicPoint() {
        return Ed25519.verify(signature, 0, publicPoint, message, 0, message.length);
    }

    @Benchmark
    public boolean verifyStaticWithKeyBytes() {
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    @Benchmark
    public boolean verifyWithEd25519Signer() {
        wrapperVerifier.update(message, 0, message.length);
        return wrapperVerifier.verifySignature(signature);
    }
}
