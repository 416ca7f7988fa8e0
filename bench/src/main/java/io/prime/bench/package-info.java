/** JMH micro-benchmarks. */
package io.prime.bench;
