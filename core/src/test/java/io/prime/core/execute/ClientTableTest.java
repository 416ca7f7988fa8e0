package io.prime.core.execute;

import io.prime.core.message.UpdateId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTableTest {
    @Test
    void remembersExecutedRequestsAndTheirReplies() {
        ClientTable t = new ClientTable(4);
        UpdateId a = new UpdateId(7, 1);
        assertFalse(t.alreadyExecuted(a));
        t.record(a, 12, new byte[]{9});
        assertTrue(t.alreadyExecuted(a));
        assertEquals(12, t.reply(a).globalSeq());
        assertArrayEquals(new byte[]{9}, t.reply(a).result());
        assertFalse(t.alreadyExecuted(new UpdateId(8, 1)), "other clients are independent");
    }

    @Test
    void outOfOrderWithinTheWindowIsFineAndTheFloorBoundsMemory() {
        ClientTable t = new ClientTable(3);
        t.record(new UpdateId(1, 2), 1, new byte[0]);
        assertFalse(t.alreadyExecuted(new UpdateId(1, 1)), "request 1 may still arrive after request 2");
        for (long r = 3; r <= 6; r++) {
            t.record(new UpdateId(1, r), r, new byte[0]);
        }
        // Window of 3: requests 4, 5, 6 are kept; everything up to 3 counts as executed (or expired).
        assertTrue(t.alreadyExecuted(new UpdateId(1, 1)));
        assertNull(t.reply(new UpdateId(1, 2)), "its reply is no longer kept");
        assertTrue(t.alreadyExecuted(new UpdateId(1, 5)));
        assertFalse(t.alreadyExecuted(new UpdateId(1, 7)));
    }
}
