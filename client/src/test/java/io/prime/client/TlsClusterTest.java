package io.prime.client;

import io.prime.kv.KvResult;
import io.prime.runtime.LocalCluster;
import io.prime.runtime.config.ClusterSetup;
import io.prime.runtime.config.TransportConfig;
import io.prime.runtime.transport.TlsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The optional TLS layer: certificates from keytool, every connection encrypted, the same handshake inside. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsClusterTest {
    @TempDir
    Path dir;

    @Test
    void aClusterWithTlsServesTheClientLibrary() throws Exception {
        TransportConfig d = TransportConfig.defaults();
        TransportConfig tls = new TransportConfig(d.maxFrameBytes(), d.connectTimeoutMillis(), d.handshakeTimeoutMillis(),
                d.reconnectInitialBackoffMillis(), d.reconnectMaxBackoffMillis(), d.peerQueueMaxFramesPerClass(),
                d.peerQueueMaxBytesPerClass(), d.clientQueueMaxBytes(), d.uplinkBitsPerSecond(), d.reconciliationShare(),
                d.writeBufferLowWaterMarkBytes(), d.writeBufferHighWaterMarkBytes(), d.inboundQueueMaxFramesPerSource(),
                d.verifierThreads(), d.ioThreads(), d.verificationCacheEntries(), d.coreInboxMaxInputs(),
                d.coreMaxBatchInputs(), d.coreMinStepIntervalMicros(), d.maxClientConnections(), d.linkDelayMillis(),
                true, d.nativeTransport(), d.fsyncWrites());
        try (LocalCluster cluster = LocalCluster.generate(dir, 2, ClusterSetup.lanProtocol(1), tls)) {
            TlsSupport.generateAll(cluster.config().keysDir(), 4);
            cluster.startAll();
            try (KvClient kv = new KvClient(PrimeClient.connect(cluster.config(), 1))) {
                assertEquals(KvResult.OK, kv.put("secret", "sauce").get(30, TimeUnit.SECONDS));
                assertEquals("sauce", kv.get("secret").get(30, TimeUnit.SECONDS).valueUtf8());
            }
        }
    }
}
