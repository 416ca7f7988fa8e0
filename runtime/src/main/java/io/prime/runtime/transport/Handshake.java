package io.prime.runtime.transport;

import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.Signer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The signed handshake that binds a TCP connection to an identity from the cluster configuration (frame kinds
 * 120-122, the range reserved for the runtime). Three frames, each one length-prefixed frame on the wire:
 *
 * <pre>
 *   acceptor  -> connector  CHALLENGE  u8 1, u8 120, u16 acceptorId, 32-byte nonceA
 *   connector -> acceptor   HELLO      u8 1, u8 121, u8 role (0 replica, 1 client), u32 id, 32-byte nonceC,
 *                                      u16 length, signature by the connector on transcript("hello")
 *   acceptor  -> connector  WELCOME    u8 1, u8 122, u16 length, signature by the acceptor on transcript("welcome")
 *
 *   transcript(label) = 0x15 (DomainTag.HANDSHAKE) || "prime-handshake-v1/" label || u16 acceptorId || u8 role
 *                       || u32 id || nonceA || nonceC
 * </pre>
 *
 * Both nonces are fresh per connection, so a recorded handshake cannot be replayed, and each side signs a transcript
 * naming both identities, so a signature cannot be moved to another connection. The acceptor looks the claimed id up
 * in the configuration before it verifies anything: an unknown id is dropped without a signature verification. Only
 * after WELCOME do protocol frames flow; they are still verified message by message at the edge.
 */
public final class Handshake {
    public static final int VERSION = 1;
    public static final int CHALLENGE = 120;
    public static final int HELLO = 121;
    public static final int WELCOME = 122;
    public static final int NONCE_BYTES = 32;
    private static final int MAX_SIGNATURE_BYTES = 1024;

    private Handshake() {
    }

    /** Why a handshake was refused; also the label of its metric. */
    public enum Refusal {
        MALFORMED("malformed"),
        UNKNOWN_PEER("unknown_peer"),
        BAD_SIGNATURE("bad_signature"),
        WRONG_DIRECTION("wrong_direction"),
        TIMEOUT("timeout"),
        TOO_MANY_CONNECTIONS("too_many_connections");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final class HandshakeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        public HandshakeException(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public record Challenge(int acceptorId, byte[] nonce) {
    }

    public record Hello(Identity identity, byte[] nonce, byte[] signature) {
    }

    public static byte[] newNonce(SecureRandom random) {
        byte[] n = new byte[NONCE_BYTES];
        random.nextBytes(n);
        return n;
    }

    public static byte[] encodeChallenge(int acceptorId, byte[] nonceA) {
        return ByteBuffer.allocate(4 + NONCE_BYTES).put((byte) VERSION).put((byte) CHALLENGE)
                .putShort((short) acceptorId).put(nonceA).array();
    }

    public static Challenge decodeChallenge(byte[] b) throws HandshakeException {
        ByteBuffer buf = header(b, CHALLENGE, 4 + NONCE_BYTES);
        int acceptor = buf.getShort() & 0xFFFF;
        byte[] nonce = new byte[NONCE_BYTES];
        buf.get(nonce);
        return new Challenge(acceptor, nonce);
    }

    public static byte[] encodeHello(Identity me, int acceptorId, byte[] nonceA, byte[] nonceC, Signer signer) {
        byte[] sig = signer.sign(transcript("hello", acceptorId, me, nonceA, nonceC));
        return ByteBuffer.allocate(2 + 1 + 4 + NONCE_BYTES + 2 + sig.length).put((byte) VERSION).put((byte) HELLO)
                .put((byte) (me.isReplica() ? 0 : 1)).putInt((int) me.id()).put(nonceC)
                .putShort((short) sig.length).put(sig).array();
    }

    public static Hello decodeHello(byte[] b) throws HandshakeException {
        ByteBuffer buf = header(b, HELLO, -1);
        if (buf.remaining() < 1 + 4 + NONCE_BYTES + 2) {
            throw new HandshakeException(Refusal.MALFORMED, "truncated HELLO");
        }
        int role = buf.get();
        if (role != 0 && role != 1) {
            throw new HandshakeException(Refusal.MALFORMED, "HELLO role " + role);
        }
        long id = buf.getInt() & 0xFFFFFFFFL;
        byte[] nonce = new byte[NONCE_BYTES];
        buf.get(nonce);
        byte[] sig = signature(buf);
        return new Hello(role == 0 ? Identity.replica((int) Math.min(id, Integer.MAX_VALUE)) : Identity.client(id), nonce, sig);
    }

    public static byte[] encodeWelcome(int acceptorId, Identity peer, byte[] nonceA, byte[] nonceC, Signer signer) {
        byte[] sig = signer.sign(transcript("welcome", acceptorId, peer, nonceA, nonceC));
        return ByteBuffer.allocate(2 + 2 + sig.length).put((byte) VERSION).put((byte) WELCOME)
                .putShort((short) sig.length).put(sig).array();
    }

    public static byte[] decodeWelcome(byte[] b) throws HandshakeException {
        ByteBuffer buf = header(b, WELCOME, -1);
        return signature(buf);
    }

    /** The acceptor's check of a HELLO: membership first (no signature work for strangers), then the signature. */
    public static void verifyHello(Hello hello, int acceptorId, byte[] nonceA, KeyDirectory keys) throws HandshakeException {
        Identity who = hello.identity();
        boolean member = who.isReplica() ? keys.isReplica((int) who.id()) && who.id() != acceptorId : keys.isClient(who.id());
        if (!member) {
            throw new HandshakeException(Refusal.UNKNOWN_PEER, who + " is not in the configuration");
        }
        byte[] t = transcript("hello", acceptorId, who, nonceA, hello.nonce());
        boolean ok = who.isReplica() ? keys.verifyReplica((int) who.id(), t, 0, t.length, hello.signature())
                : keys.verifyClient(who.id(), t, 0, t.length, hello.signature());
        if (!ok) {
            throw new HandshakeException(Refusal.BAD_SIGNATURE, who + " failed to prove its key");
        }
    }

    /** The connector's check of WELCOME: the replica it dialled signed this connection's transcript. */
    public static void verifyWelcome(byte[] signature, int acceptorId, Identity me, byte[] nonceA, byte[] nonceC,
                                     KeyDirectory keys) throws HandshakeException {
        byte[] t = transcript("welcome", acceptorId, me, nonceA, nonceC);
        if (!keys.verifyReplica(acceptorId, t, 0, t.length, signature)) {
            throw new HandshakeException(Refusal.BAD_SIGNATURE, "replica " + acceptorId + " failed to prove its key");
        }
    }

    static byte[] transcript(String label, int acceptorId, Identity peer, byte[] nonceA, byte[] nonceC) {
        byte[] l = ("prime-handshake-v1/" + label).getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + l.length + 2 + 1 + 4 + 2 * NONCE_BYTES).put(DomainTag.HANDSHAKE).put(l)
                .putShort((short) acceptorId).put((byte) (peer.isReplica() ? 0 : 1)).putInt((int) peer.id())
                .put(nonceA).put(nonceC).array();
    }

    private static ByteBuffer header(byte[] b, int type, int exactLength) throws HandshakeException {
        if (b.length < 2 || (b[0] & 0xFF) != VERSION || (b[1] & 0xFF) != type) {
            throw new HandshakeException(Refusal.MALFORMED, "expected handshake frame " + type);
        }
        if (exactLength >= 0 && b.length != exactLength) {
            throw new HandshakeException(Refusal.MALFORMED, "handshake frame " + type + " of " + b.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.position(2);
        return buf;
    }

    private static byte[] signature(ByteBuffer buf) throws HandshakeException {
        if (buf.remaining() < 2) {
            throw new HandshakeException(Refusal.MALFORMED, "truncated signature");
        }
        int n = buf.getShort() & 0xFFFF;
        if (n > MAX_SIGNATURE_BYTES || buf.remaining() != n) {
            throw new HandshakeException(Refusal.MALFORMED, "signature length " + n);
        }
        byte[] sig = new byte[n];
        buf.get(sig);
        return sig;
    }
}
