package io.prime.runtime;
