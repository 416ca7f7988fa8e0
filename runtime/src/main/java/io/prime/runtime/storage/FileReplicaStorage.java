package io.prime.runtime.storage;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.durable.DurableCodec;
import io.prime.core.durable.DurableRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
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
 * renamed) says which replica of which cluster owns the directory and how many times it started;
 * {@code DATA/log-N.bin} holds the durable records since the last snapshot.
 *
 * <p>Log format: a sequence of {@code u32 length, u32 CRC-32C of the bytes, bytes} (big-endian), each bytes one
 * {@link DurableCodec} record. A snapshot starts log N+1: written to {@code log-N+1.bin.tmp}, fsynced, renamed, the
 * directory fsynced, and only then is log N deleted, so a crash at any point leaves one complete log. On load, a torn
 * last record (a crash in the middle of an append) is cut off; a damaged record followed by more data is corruption
 * and refuses to start, with the file and offset, rather than run on a state that is not the replica's own.
 */
public final class FileReplicaStorage implements ReplicaStorage {
    public static final String NODE_FILE = "node.properties";
    private static final String LOG_PREFIX = "log-";
    private static final String LOG_SUFFIX = ".bin";
    private final Path dir;
    private final DurableCodec codec;
    private FileChannel log;
    private long generation;

    public FileReplicaStorage(Path dir, DurableCodec codec) {
        this.dir = dir;
        this.codec = codec;
    }

    @Override
    public List<DurableRecord> load() throws IOException {
        Files.createDirectories(dir);
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, LOG_PREFIX + "*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.delete(p); // a new log that never became complete: the previous one is still there
                } else if (name.endsWith(LOG_SUFFIX)) {
                    logs.add(p);
                }
            }
        }
        logs.sort(java.util.Comparator.comparingLong(FileReplicaStorage::generationOf));
        List<DurableRecord> records = new ArrayList<>();
        if (!logs.isEmpty()) {
            Path latest = logs.get(logs.size() - 1);
            generation = generationOf(latest);
            long validEnd = read(latest, records);
            log = FileChannel.open(latest, StandardOpenOption.WRITE);
            if (validEnd < log.size()) {
                log.truncate(validEnd); // torn tail: the step it belonged to never sent anything
                log.force(true);
            }
            log.position(validEnd);
            for (Path older : logs.subList(0, logs.size() - 1)) {
                Files.deleteIfExists(older); // left by a crash between the rename and the delete
            }
        } else {
            generation = 0;
            log = FileChannel.open(logPath(0), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            syncDirectory();
        }
        return records;
    }

    private static long generationOf(Path p) {
        String name = p.getFileName().toString();
        try {
            return Long.parseLong(name.substring(LOG_PREFIX.length(), name.length() - LOG_SUFFIX.length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private Path logPath(long gen) {
        return dir.resolve(LOG_PREFIX + gen + LOG_SUFFIX);
    }

    /** Reads every complete record of {@code file} into {@code out}; returns where the valid data ends. */
    private long read(Path file, List<DurableRecord> out) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        while (b.remaining() > 0) {
            int start = b.position();
            if (b.remaining() < 8) {
                return start; // torn header
            }
            long length = b.getInt() & 0xFFFFFFFFL;
            int crc = b.getInt();
            if (length > b.remaining()) {
                return start; // torn body (or a garbled length in the last record)
            }
            byte[] bytes = new byte[(int) length];
            b.get(bytes);
            CRC32C c = new CRC32C();
            c.update(bytes);
            if ((int) c.getValue() != crc) {
                if (b.remaining() == 0) {
                    return start; // the last record, half written
                }
                throw new IOException(file + ": record at offset " + start + " fails its checksum and is followed by "
                        + b.remaining() + " more bytes: the log is damaged (restore the data directory from a backup, "
                        + "or delete it to let this replica fetch the state from its peers)");
            }
            try {
                out.add(codec.decode(bytes));
            } catch (MalformedFrameException e) {
                throw new IOException(file + ": record at offset " + start + " does not decode: " + e.getMessage(), e);
            }
        }
        return all.length;
    }

    @Override
    public void persist(List<DurableRecord> records, boolean sync) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        if (log == null) {
            throw new IllegalStateException("load() must come before persist()");
        }
        int from = 0;
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i) instanceof DurableRecord.Snapshot) {
                from = i;
                break;
            }
        }
        if (records.get(from) instanceof DurableRecord.Snapshot) {
            // A new log: complete and on disk before the old one goes.
            Path tmp = dir.resolve(LOG_PREFIX + (generation + 1) + LOG_SUFFIX + ".tmp");
            FileChannel next = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            write(next, records.subList(from, records.size()));
            next.force(true);
            next.close();
            Files.move(tmp, logPath(generation + 1), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            log.close();
            Files.deleteIfExists(logPath(generation));
            generation++;
            log = FileChannel.open(logPath(generation), StandardOpenOption.WRITE);
            log.position(log.size());
            return;
        }
        write(log, records);
        if (sync) {
            log.force(false);
        }
    }

    private void write(FileChannel ch, List<DurableRecord> records) throws IOException {
        List<byte[]> encoded = new ArrayList<>(records.size());
        int total = 0;
        for (DurableRecord r : records) {
            byte[] e = codec.encode(r);
            encoded.add(e);
            total += 8 + e.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        for (byte[] e : encoded) {
            CRC32C c = new CRC32C();
            c.update(e);
            b.putInt(e.length).putInt((int) c.getValue()).put(e);
        }
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems do not let a directory be opened for fsync; the rename is then as durable as they allow.
        }
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
    public void close() throws IOException {
        if (log != null) {
            log.close();
            log = null;
        }
    }
}
