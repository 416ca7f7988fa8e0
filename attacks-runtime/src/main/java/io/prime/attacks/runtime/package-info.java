/** The attacks module's Byzantine behaviours for real replica processes: an adapter the runtime finds with ServiceLoader. */
package io.prime.attacks.runtime;
