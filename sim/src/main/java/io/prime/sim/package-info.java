/** The deterministic discrete-event simulator that drives the protocol core in virtual time. */
package io.prime.sim;
