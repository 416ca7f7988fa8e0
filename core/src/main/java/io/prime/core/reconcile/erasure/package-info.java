/**
 * The erasure code of Prime's reconciliation (§4.1, Fig. 3): a systematic Cauchy Reed–Solomon code
 * MDS(2f + 1, f + 1) over GF(2^8), so that any f + 1 of the 2f + 1 reconciliation parts of a PO-REQUEST rebuild it.
 * Pure computation: no I/O, threads, clocks or randomness.
 */
package io.prime.core.reconcile.erasure;
