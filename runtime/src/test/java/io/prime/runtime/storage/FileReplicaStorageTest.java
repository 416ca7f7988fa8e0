package io.prime.runtime.storage;

import io.prime.core.checkpoint.CheckpointState;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireLimits;
import io.prime.core.durable.DurableCodec;
import io.prime.core.durable.DurableRecord;
import io.prime.core.message.AruVector;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrimeMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The durable log: records come back as written, a snapshot starts a new log, torn tails and corruption. */
class FileReplicaStorageTest {
    @TempDir
    Path dir;

    private static final DurableCodec CODEC = new DurableCodec(PrimeMessages.registry(), WireLimits.defaults(4, 8), 1 << 20);

    private static DurableRecord.Request request(long seq) {
        ClientUpdate u = new ClientUpdate(3, seq, new byte[]{1, 2, 3, (byte) seq}, new byte[64]);
        PoRequest r = new PoRequest(1, seq, List.of(u));
        return new DurableRecord.Request(r, FrameCodec.encodeUnsigned(r), seq % 2 == 0);
    }

    private static DurableRecord.Snapshot snapshot(long seq) {
        CheckpointState s = new CheckpointState(seq, 10 * seq, new long[]{seq, 1, 2, 3}, PoAruMatrix.empty(4),
                new byte[]{9, 9}, new byte[]{7, 7, 7});
        return new DurableRecord.Snapshot(s, s.encode(), false);
    }

    private static DurableRecord.Commitments commitments(long view) {
        return new DurableRecord.Commitments(view, 17, view - 1, 5, AruVector.of(1, 2, 3, 4));
    }

    private FileReplicaStorage open() throws IOException {
        FileReplicaStorage s = new FileReplicaStorage(dir, CODEC);
        return s;
    }

    private List<Path> logs() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("log-")).sorted().toList();
        }
    }

    private static void assertSameRecords(List<DurableRecord> expected, List<DurableRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(CODEC.encode(expected.get(i)), CODEC.encode(actual.get(i)), "record " + i);
        }
    }

    @Test
    void recordsComeBackAfterARestartAndASnapshotStartsANewLog() throws IOException {
        List<DurableRecord> first = List.of(commitments(0), request(1), new DurableRecord.Certified(1, 1), request(2));
        try (FileReplicaStorage s = open()) {
            assertEquals(List.of(), s.load());
            s.persist(first, true);
        }
        try (FileReplicaStorage s = open()) {
            assertSameRecords(first, s.load());
            s.persist(List.of(request(3), snapshot(64), commitments(1), request(4)), true);
            s.persist(List.of(request(5)), false);
        }
        List<DurableRecord> expected = List.of(snapshot(64), commitments(1), request(4), request(5));
        try (FileReplicaStorage s = open()) {
            List<DurableRecord> loaded = s.load();
            assertSameRecords(expected, loaded);
            assertInstanceOf(DurableRecord.Snapshot.class, loaded.get(0));
            assertEquals(64, ((DurableRecord.Snapshot) loaded.get(0)).state().seq());
        }
        assertEquals(1, logs().size(), "the log before the snapshot is deleted: " + logs());
    }

    @Test
    void aTornLastRecordIsCutOff() throws IOException {
        List<DurableRecord> records = List.of(commitments(0), request(1), request(2));
        try (FileReplicaStorage s = open()) {
            s.load();
            s.persist(records, true);
        }
        Path log = logs().get(0);
        long complete = Files.size(log);
        // A crash in the middle of the next append: a header announcing more bytes than were written.
        Files.write(log, new byte[]{0, 0, 1, 0, 1, 2, 3, 4, 5, 6}, StandardOpenOption.APPEND);
        try (FileReplicaStorage s = open()) {
            assertSameRecords(records, s.load());
            s.persist(List.of(request(3)), true);
        }
        assertTrue(Files.size(log) > complete);
        try (FileReplicaStorage s = open()) {
            assertSameRecords(List.of(commitments(0), request(1), request(2), request(3)), s.load());
        }
    }

    @Test
    void aDamagedRecordInTheMiddleRefusesToStart() throws IOException {
        try (FileReplicaStorage s = open()) {
            s.load();
            s.persist(List.of(commitments(0), request(1), request(2)), true);
        }
        Path log = logs().get(0);
        byte[] bytes = Files.readAllBytes(log);
        bytes[12] ^= 0x40; // inside the first record's bytes
        Files.write(log, bytes);
        IOException e = assertThrows(IOException.class, () -> {
            try (FileReplicaStorage s = open()) {
                s.load();
            }
        });
        assertTrue(e.getMessage().contains("offset 0") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void anUnfinishedNewLogIsIgnored() throws IOException {
        List<DurableRecord> records = List.of(commitments(0), request(1));
        try (FileReplicaStorage s = open()) {
            s.load();
            s.persist(records, true);
        }
        // A crash after writing the next log's temporary file but before renaming it.
        Files.write(dir.resolve("log-1.bin.tmp"), new byte[]{1, 2, 3});
        try (FileReplicaStorage s = open()) {
            assertSameRecords(records, s.load());
        }
        assertEquals(1, logs().size());
    }
}
