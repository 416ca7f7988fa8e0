package io.prime.runtime.storage;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * {@link ReplicaStorage} in plain files: {@code DATA/node.properties} (written to a temporary file, fsynced, then
 * renamed) says which replica of which cluster owns the directory and how many times it started.
 */
public final class FileReplicaStorage implements ReplicaStorage {
    public static final String NODE_FILE = "node.properties";
    private final Path dir;

    public FileReplicaStorage(Path dir) {
        this.dir = dir;
    }

    @Override
    public NodeIdentity open(NodeIdentity expected) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(NODE_FILE);
        long starts = 0;
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            int id = Integer.parseInt(p.getProperty("replicaId", "-1"));
            String fingerprint = p.getProperty("clusterFingerprint", "");
            if (id != expected.replicaId() || !fingerprint.equals(expected.clusterFingerprint())) {
                throw new IOException(dir + " belongs to replica " + id + " of cluster " + fingerprint
                        + ", not to replica " + expected.replicaId() + " of cluster " + expected.clusterFingerprint());
            }
            starts = Long.parseLong(p.getProperty("starts", "0"));
        }
        NodeIdentity now = new NodeIdentity(expected.replicaId(), expected.clusterFingerprint(), starts + 1);
        Properties p = new Properties();
        p.setProperty("replicaId", Integer.toString(now.replicaId()));
        p.setProperty("clusterFingerprint", now.clusterFingerprint());
        p.setProperty("starts", Long.toString(now.starts()));
        Path tmp = dir.resolve(NODE_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Prime replica data directory: do not copy to another replica");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return now;
    }

    @Override
    public void close() {
    }
}
