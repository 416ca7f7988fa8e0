package io.prime.runtime;

import io.prime.core.crypto.Signer;
import io.prime.runtime.transport.Handshake;
import io.prime.runtime.transport.Identity;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;

/** Test helper: a blocking socket that speaks the length-prefixed framing and the handshake by hand. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Runs the connector's side of the handshake; returns false if the replica closed the connection. */
    boolean handshake(Identity me, Signer signer) throws IOException {
        byte[] challenge = read();
        Handshake.Challenge c;
        try {
            c = Handshake.decodeChallenge(challenge);
        } catch (Handshake.HandshakeException e) {
            throw new IOException(e);
        }
        byte[] nonceC = new byte[Handshake.NONCE_BYTES];
        send(Handshake.encodeHello(me, c.acceptorId(), c.nonce(), nonceC, signer));
        try {
            read(); // WELCOME
            return true;
        } catch (EOFException closed) {
            return false;
        }
    }

    byte[] read() throws IOException {
        int n = in.readInt();
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    void send(byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** True once the other side closed the connection (reads until end of stream). */
    boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever was in flight
            }
            return true;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
