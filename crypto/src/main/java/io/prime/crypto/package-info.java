/** Signature providers (Ed25519 via BouncyCastle, JDK, Amazon Corretto Crypto Provider), key generation, BLS threshold signatures. */
package io.prime.crypto;
