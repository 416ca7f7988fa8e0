package io.prime.core.codec;

import io.prime.core.codec.MalformedFrameException.Reason;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.MerkleTree;
import io.prime.core.crypto.Signer;
import io.prime.core.message.AuthKind;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;
import io.prime.core.message.MessageRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame format, version 1 (all integers big-endian):
 *
 * <pre>
 *   u8  version            = 1
 *   u8  type               message kind id
 *   u32 bodyLength         bounded by maxFrameBytes
 *   ..  body               the kind's canonical encoding
 *   -- only for MERKLE_BATCH kinds --
 *   u8  depth              0..16
 *   u32 leafIndex          < 2^depth
 *   ..  depth x 32 bytes   sibling digests, leaf level first
 *   u16 signatureLength    bounded by maxSignatureBytes
 *   ..  signature          the signer's signature on MERKLE_ROOT_SIGNATURE || root
 * </pre>
 *
 * A frame has exactly one encoding: decoding then encoding gives back the same bytes.
 */
public final class FrameCodec {
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 6;

    private final MessageRegistry registry;
    private final WireLimits limits;

    public FrameCodec(MessageRegistry registry, WireLimits limits) {
        this.registry = registry;
        this.limits = limits;
    }

    public WireLimits limits() {
        return limits;
    }

    public MessageRegistry registry() {
        return registry;
    }

    /** Header and body of {@code message}: what its content digest and Merkle leaf cover. */
    public static byte[] encodeUnsigned(Message message) {
        WireWriter w = new WireWriter(HEADER_BYTES + message.sizeHint());
        w.u8(VERSION).u8(message.kind().id()).u32(0);
        message.encodeBody(w);
        w.patchU32(2, w.position() - HEADER_BYTES);
        return w.toByteArray();
    }

    /** A frame without authenticator for a message that only travels inside another (REPORT, PC-SET). */
    public static Frame carried(Message message) {
        if (message.kind().auth() != AuthKind.CARRIED) {
            throw new IllegalArgumentException(message.kind() + " is not carried inside other messages");
        }
        byte[] bytes = encodeUnsigned(message);
        return new Frame(bytes, bytes.length, message, null);
    }

    /** A complete frame for a self-signed message (client UPDATE, PO-ARU). */
    public static Frame selfSigned(Message message) {
        if (message.kind().auth() != AuthKind.SELF_SIGNED) {
            throw new IllegalArgumentException(message.kind() + " must be batch signed");
        }
        byte[] bytes = encodeUnsigned(message);
        return new Frame(bytes, bytes.length, message, null);
    }

    /**
     * Signs a batch of messages from one server with one signature over the Merkle root of their content digests, as
     * the original Prime does. Returns one frame per message, in order.
     */
    public static List<Frame> signBatch(List<? extends Message> messages, Signer signer, Hasher hasher) {
        return signBatch(messages, null, null, signer, hasher);
    }

    /**
     * As {@link #signBatch(List, Signer, Hasher)}, reusing encodings and content digests the caller already computed
     * ({@code preEncoded[i]} and {@code preDigests[i]} may be null where not known).
     */
    public static List<Frame> signBatch(List<? extends Message> messages, byte[][] preEncoded, Digest[] preDigests,
                                        Signer signer, Hasher hasher) {
        int n = messages.size();
        List<Frame> frames = new ArrayList<>(n);
        if (n == 0) {
            return frames;
        }
        byte[][] unsigned = new byte[n][];
        List<Digest> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            if (m.kind().auth() != AuthKind.MERKLE_BATCH) {
                throw new IllegalArgumentException(m.kind() + " is self-signed, not batch signed");
            }
            boolean known = preEncoded != null && preEncoded[i] != null && preDigests[i] != null;
            unsigned[i] = known ? preEncoded[i] : encodeUnsigned(m);
            leaves.add(known ? preDigests[i] : hasher.digest(DomainTag.MERKLE_LEAF, unsigned[i], 0, unsigned[i].length));
        }
        MerkleTree tree = MerkleTree.build(leaves, hasher);
        byte[] signature = signer.sign(DomainTag.signedBytes(DomainTag.MERKLE_ROOT_SIGNATURE, tree.root()));
        for (int i = 0; i < n; i++) {
            MerkleProof proof = new MerkleProof(i, tree.proof(i), signature);
            Frame f = new Frame(assemble(unsigned[i], proof), unsigned[i].length, messages.get(i), proof);
            f.contentDigest = leaves.get(i);
            f.merkleRoot = tree.root();
            frames.add(f);
        }
        return frames;
    }

    /**
     * A frame that carries {@code bytes} exactly as given, labelled with {@code claimed}'s kind (for its traffic class);
     * nothing is checked and {@link Frame#message()} need not describe the bytes. For fault injection only (Byzantine
     * behaviours, tests): hosts send {@link Frame#bytes()}, and receivers decode and verify those bytes, never this
     * pairing.
     */
    public static Frame unchecked(byte[] bytes, Message claimed) {
        return new Frame(bytes.clone(), bytes.length, claimed, null, false);
    }

    /** Appends an authenticator to header+body bytes. */
    public static byte[] assemble(byte[] unsigned, MerkleProof proof) {
        WireWriter w = new WireWriter(unsigned.length + proof.encodedLength());
        w.bytes(unsigned);
        w.u8(proof.depth()).u32(proof.leafIndex());
        for (Digest d : proof.siblings()) {
            w.digest(d);
        }
        w.shortBlob(proof.signature());
        return w.toByteArray();
    }

    /**
     * Decodes a frame. Total: returns a frame or throws {@link MalformedFrameException}, never anything else, and
     * allocates nothing beyond the configured limits. Does not check signatures (that is the
     * {@link io.prime.core.edge.InboundVerifier}'s job).
     */
    public Frame decode(byte[] bytes) throws MalformedFrameException {
        if (bytes.length > limits.maxFrameBytes()) {
            throw new MalformedFrameException(Reason.LENGTH_OUT_OF_BOUNDS, "frame of " + bytes.length + " bytes exceeds " + limits.maxFrameBytes());
        }
        WireReader r = new WireReader(bytes);
        int version = r.u8("version");
        if (version != VERSION) {
            throw new MalformedFrameException(Reason.UNKNOWN_VERSION, "version " + version);
        }
        int type = r.u8("type");
        MessageKind kind = registry.kind(type);
        if (kind == null) {
            throw new MalformedFrameException(Reason.UNKNOWN_TYPE, "type " + type);
        }
        long bodyLength = r.u32("body length");
        if (bodyLength > r.remaining()) {
            throw new MalformedFrameException(Reason.TRUNCATED, "body of " + bodyLength + " bytes, " + r.remaining() + " left");
        }
        int signedLength = HEADER_BYTES + (int) bodyLength;
        WireReader body = new WireReader(bytes, HEADER_BYTES, (int) bodyLength);
        Message message;
        try {
            message = kind.decoder().decode(body, limits);
        } catch (IllegalArgumentException e) {
            // A record's own invariant refused a value the field decoders let through.
            throw new MalformedFrameException(Reason.VALUE_OUT_OF_RANGE, kind + ": " + e.getMessage());
        }
        body.expectEnd(kind + " body");
        WireReader tail = new WireReader(bytes, signedLength, bytes.length - signedLength);
        MerkleProof proof = null;
        if (kind.auth() == AuthKind.MERKLE_BATCH) {
            if (tail.remaining() == 0) {
                throw new MalformedFrameException(Reason.BAD_AUTHENTICATOR, kind + " needs a batch authenticator");
            }
            proof = decodeProof(tail);
        }
        tail.expectEnd(kind + " frame");
        return new Frame(bytes, signedLength, message, proof);
    }

    private MerkleProof decodeProof(WireReader r) throws MalformedFrameException {
        int depth = r.u8("merkle depth");
        if (depth > MerkleTree.MAX_DEPTH) {
            throw new MalformedFrameException(Reason.BAD_AUTHENTICATOR, "merkle depth " + depth + " exceeds " + MerkleTree.MAX_DEPTH);
        }
        long leaf = r.u32("leaf index");
        if (leaf >= (1L << depth)) {
            throw new MalformedFrameException(Reason.BAD_AUTHENTICATOR, "leaf index " + leaf + " outside a tree of depth " + depth);
        }
        Digest[] siblings = new Digest[depth];
        for (int i = 0; i < depth; i++) {
            siblings[i] = r.digest("sibling");
        }
        byte[] signature = r.shortBlob("signature", limits.maxSignatureBytes());
        return new MerkleProof((int) leaf, siblings, signature);
    }
}
