package io.prime.core.edge;

import io.prime.core.codec.Frame;

/**
 * Checks signatures carried inside a message body (client updates in a PO-REQUEST, PO-ARUs in a proof matrix,
 * members of a certificate). Returns null if all verify, or a verdict saying what failed.
 */
@FunctionalInterface
public interface NestedVerifier {
    Verdict verifyNested(Frame frame, InboundVerifier verifier);
}
