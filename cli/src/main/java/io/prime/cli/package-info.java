/** The prime command. */
package io.prime.cli;
