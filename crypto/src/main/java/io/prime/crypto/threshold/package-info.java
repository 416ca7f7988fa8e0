/**
 * BLS12-381 threshold signatures (via blst/jblst) for the view change's VC-PROOF (§5.3): {@link
 * io.prime.crypto.threshold.BlsThresholdScheme} implements {@link io.prime.core.crypto.ThresholdScheme}, {@link
 * io.prime.crypto.threshold.BlsShareSigner} its ShareSigner, and {@link io.prime.crypto.threshold.BlsThresholdDealer}
 * deals the keys.
 */
package io.prime.crypto.threshold;
