/** Asynchronous Prime client: signs updates, collects f+1 matching replies, retries, exactly-once. */
package io.prime.client;
