package io.prime.core.app;

/**
 * Where an update sits in the total order when the state machine applies it. This is the application's only clock:
 * a state machine must not read wall time (it would diverge across replicas).
 *
 * @param executionIndex 1-based position of this update among all applied updates
 * @param globalSeq      global sequence number of the PRE-PREPARE that made it eligible
 * @param origin         server that preordered it
 * @param poSeq          its preorder sequence number
 * @param clientId       the client that signed it
 * @param requestNumber  the client's request number
 */
public record ExecutionContext(long executionIndex, long globalSeq, int origin, long poSeq, long clientId, long requestNumber) {
}
