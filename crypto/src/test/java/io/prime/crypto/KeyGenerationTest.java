package io.prime.crypto;

import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.SignatureScheme.KeyPair;
import io.prime.crypto.KeyGeneration.KeyMaterial;
import io.prime.crypto.KeyGeneration.Role;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyGenerationTest {
    private final SignatureScheme scheme = new BouncyCastleEd25519();

    @Test
    void sameSeedGivesTheSameKeys() {
        KeyMaterial first = KeyGeneration.deterministic(scheme, 4, 3, 42L);
        KeyMaterial second = KeyGeneration.deterministic(scheme, 4, 3, 42L);
        for (int i = 0; i < 4; i++) {
            assertSamePair(first.replica(i), second.replica(i));
        }
        for (int i = 0; i < 3; i++) {
            assertSamePair(first.client(i), second.client(i));
        }
    }

    @Test
    void differentSeedGivesDifferentKeys() {
        KeyMaterial a = KeyGeneration.deterministic(scheme, 4, 1, 42L);
        KeyMaterial b = KeyGeneration.deterministic(scheme, 4, 1, 43L);
        for (int i = 0; i < 4; i++) {
            assertFalse(java.util.Arrays.equals(a.replica(i).privateKey(), b.replica(i).privateKey()));
        }
    }

    @Test
    void everyRoleAndIndexGetsItsOwnKey() {
        KeyMaterial material = KeyGeneration.deterministic(scheme, 7, 7, 42L);
        Set<String> publicKeys = new HashSet<>();
        for (KeyPair pair : material.replicas()) {
            publicKeys.add(HexFormat.of().formatHex(pair.publicKey()));
        }
        for (KeyPair pair : material.clients()) {
            publicKeys.add(HexFormat.of().formatHex(pair.publicKey()));
        }
        assertEquals(14, publicKeys.size(), "replica i and client i must differ, and so must all indices");
    }

    @Test
    void aSinglePrincipalsKeyMatchesTheBatch() {
        KeyMaterial material = KeyGeneration.deterministic(scheme, 4, 2, 5L);
        assertSamePair(material.replica(3), KeyGeneration.deterministicKeyPair(scheme, 5L, Role.REPLICA, 3));
        assertSamePair(material.client(1), KeyGeneration.deterministicKeyPair(scheme, 5L, Role.CLIENT, 1));
    }

    /** Pins the documented derivation, so that a refactoring cannot silently change every test key. */
    @Test
    void seedIsSha256OfLabelSeedRoleAndIndex() throws Exception {
        ByteBuffer input = ByteBuffer.allocate(64);
        input.put("prime/keygen/v1".getBytes(StandardCharsets.US_ASCII)).putLong(42L).put((byte) 1).putInt(5);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(input.array(), 0, input.position());
        byte[] expected = sha256.digest();
        assertArrayEquals(expected, KeyGeneration.deterministicKeyPair(scheme, 42L, Role.CLIENT, 5).privateKey());
    }

    @Test
    void longerKeysExtendTheFirstBlock() {
        byte[] seed32 = KeyGeneration.deterministicSeed(1L, Role.REPLICA, 0, 32);
        byte[] seed80 = KeyGeneration.deterministicSeed(1L, Role.REPLICA, 0, 80);
        assertArrayEquals(seed32, java.util.Arrays.copyOf(seed80, 32));
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(seed80, 0, 32),
                java.util.Arrays.copyOfRange(seed80, 32, 64)));
    }

    @Test
    void randomKeysAreDistinctAndWork() {
        KeyMaterial material = KeyGeneration.generate(scheme, 4, 2, new SecureRandom());
        List<KeyPair> all = new ArrayList<>(material.replicas());
        all.addAll(material.clients());
        Set<String> privateKeys = new HashSet<>();
        byte[] message = "UPDATE".getBytes(StandardCharsets.US_ASCII);
        for (KeyPair pair : all) {
            privateKeys.add(HexFormat.of().formatHex(pair.privateKey()));
            assertArrayEquals(scheme.keyPairFromSeed(pair.privateKey()).publicKey(), pair.publicKey());
            byte[] signature = scheme.signer(pair.privateKey()).sign(message);
            assertTrue(scheme.verifier(pair.publicKey()).verify(message, signature));
        }
        assertEquals(6, privateKeys.size());
    }

    @Test
    void keyDirectoryChecksTheRightPrincipal() {
        KeyMaterial material = KeyGeneration.deterministic(scheme, 4, 2, 9L);
        KeyDirectory directory = material.keyDirectory(scheme);
        byte[] message = "PRE-PREPARE".getBytes(StandardCharsets.US_ASCII);
        byte[] byReplica2 = scheme.signer(material.replica(2).privateKey()).sign(message);
        assertTrue(directory.verifyReplica(2, message, 0, message.length, byReplica2));
        assertFalse(directory.verifyReplica(1, message, 0, message.length, byReplica2));
        assertFalse(directory.verifyClient(0, message, 0, message.length, byReplica2));
        assertEquals(4, directory.replicaCount());
        assertEquals(2, directory.clientCount());
    }

    @Test
    void rejectsBadCountsAndIndices() {
        assertThrows(IllegalArgumentException.class, () -> KeyGeneration.deterministic(scheme, -1, 0, 1L));
        assertThrows(IllegalArgumentException.class,
                () -> KeyGeneration.generate(scheme, 0, KeyGeneration.MAX_PRINCIPALS + 1, new SecureRandom()));
        assertThrows(IllegalArgumentException.class,
                () -> KeyGeneration.deterministicKeyPair(scheme, 1L, Role.CLIENT, -3));
    }

    @Test
    void toStringNeverShowsKeys() {
        KeyMaterial material = KeyGeneration.deterministic(scheme, 1, 0, 3L);
        String hexPrivate = HexFormat.of().formatHex(material.replica(0).privateKey());
        assertFalse(material.toString().contains(hexPrivate.substring(0, 8)));
        assertEquals("KeyMaterial[ed25519-bc, 1 replicas, 0 clients]", material.toString());
    }

    private static void assertSamePair(KeyPair expected, KeyPair actual) {
        assertArrayEquals(expected.publicKey(), actual.publicKey());
        assertArrayEquals(expected.privateKey(), actual.privateKey());
    }
}
