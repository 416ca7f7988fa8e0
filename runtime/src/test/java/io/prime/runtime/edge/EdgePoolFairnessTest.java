package io.prime.runtime.edge;

import io.netty.channel.embedded.EmbeddedChannel;
import io.prime.core.RejectReason;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireLimits;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PrimeMessages;
import io.prime.core.replica.Input;
import io.prime.runtime.transport.Identity;
import io.prime.runtime.transport.InboundSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge serves connections round-robin: a flood on one cannot starve another; a full source stops reading. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EdgePoolFairnessTest {
    private final TestKeys keys = new TestKeys(new SimulatedSignatureScheme(64), 4, 2, 1);
    private final FrameCodec codec = new FrameCodec(PrimeMessages.registry(), WireLimits.defaults(4, 2));

    private byte[] update(int client, long request) {
        Signer s = keys.clientSigner(client);
        byte[] payload = {1, 2, 3};
        return FrameCodec.selfSigned(new ClientUpdate(client, request, payload,
                s.sign(ClientUpdate.signedBytes(client, request, payload)))).bytes();
    }

    private EdgePool pool(CoreInbox inbox, EdgeCounters counters, int maxPerSource) {
        ConcurrentVerificationCache cache = new ConcurrentVerificationCache(1 << 12);
        return new EdgePool(1, () -> new InboundVerifier(codec, keys.directory(), new Hasher(), cache), inbox, counters,
                maxPerSource, "test");
    }

    @Test
    void aFloodingConnectionDoesNotStarveAQuietOne() throws Exception {
        CoreInbox inbox = new CoreInbox(100_000);
        EdgePool pool = pool(inbox, new EdgeCounters(), 100_000);
        InboundSink.Source flood = pool.open(Identity.client(0), new EmbeddedChannel());
        InboundSink.Source quiet = pool.open(Identity.client(1), new EmbeddedChannel());
        int floodSize = 3_000;
        for (int i = 1; i <= floodSize; i++) {
            flood.offer(update(0, i));
        }
        quiet.offer(update(1, 1));
        pool.start();
        List<Input> seen = new ArrayList<>();
        int quietAt = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < floodSize + 1 && System.nanoTime() < deadline) {
            int before = seen.size();
            inbox.drainTo(seen, Integer.MAX_VALUE);
            for (int i = before; i < seen.size(); i++) {
                if (((Input.FromClient) seen.get(i)).update().clientId() == 1) {
                    quietAt = i;
                }
            }
            Thread.onSpinWait();
        }
        pool.close();
        assertEquals(floodSize + 1, seen.size());
        assertTrue(quietAt >= 0 && quietAt <= 32, "the quiet connection's frame came out at position " + quietAt);
        for (int i = 1, last = 0; i < seen.size(); i++) {
            ClientUpdate u = ((Input.FromClient) seen.get(i)).update();
            if (u.clientId() == 0) {
                assertTrue(u.requestNumber() > last, "one connection's frames stay in order");
                last = (int) u.requestNumber();
            }
        }
    }

    @Test
    void aFullSourceStopsReadingItsSocketAndResumesWhenDrained() throws Exception {
        CoreInbox inbox = new CoreInbox(100_000);
        EdgeCounters counters = new EdgeCounters();
        EdgePool pool = pool(inbox, counters, 10);
        EmbeddedChannel channel = new EmbeddedChannel();
        InboundSink.Source source = pool.open(Identity.client(0), channel);
        for (int i = 1; i <= 25; i++) {
            source.offer(update(0, i));
        }
        assertFalse(channel.config().isAutoRead(), "reading pauses at the bound");
        assertEquals(5, counters.sourceOverflows.sum(), "beyond twice the bound frames are dropped and counted");
        pool.start();
        List<Input> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < 20 && System.nanoTime() < deadline) {
            inbox.drainTo(seen, Integer.MAX_VALUE);
            Thread.onSpinWait();
        }
        pool.close();
        assertEquals(20, seen.size());
        assertTrue(channel.config().isAutoRead(), "reading resumes once drained");
        source.offer(new byte[] {1, 2});
        assertEquals(0, counters.rejected(RejectReason.BAD_SIGNATURE));
    }
}
