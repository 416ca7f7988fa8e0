package io.prime.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Private key files: one base64 line, readable and writable by the owner only (mode 0600 in a 0700 directory). A
 * key file that others can read is refused when loaded, as ssh does.
 */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private KeyFiles() {
    }

    /** Creates {@code dir} (and parents) with mode 0700 if missing. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        }
    }

    /** Writes {@code key} as base64 to a new file with mode 0600 (created with that mode: never readable by others). */
    public static void writePrivate(Path file, byte[] key) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix(file.getParent())) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
        }
        byte[] line = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(tmp, line);
        Arrays.fill(line, (byte) 0);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void writePrivateText(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix(file.getParent())) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a private key file, refusing one that group or others may read. */
    public static byte[] readPrivate(Path file) {
        try {
            if (posix(file)) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                    throw new ConfigException(file + " is readable by others (mode "
                            + PosixFilePermissions.toString(p) + "); chmod 600 it");
                }
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return Base64.getDecoder().decode(text);
        } catch (IOException e) {
            throw new ConfigException("cannot read key file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + " is not a base64 key file", e);
        }
    }

    private static boolean posix(Path p) {
        if (p == null) {
            return false;
        }
        try {
            return Files.getFileStore(existing(p)).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path existing(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q == null ? p : q;
    }
}
