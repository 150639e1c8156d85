package org.medstream.infra.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port look-ups on the loopback interface, where every embedded server listens. */
public final class LoopbackPorts {
    private LoopbackPorts() {}

    /** Returns the loopback address 127.0.0.1. */
    public static InetAddress address() {
        return InetAddress.getLoopbackAddress();
    }

    /**
     * Returns a TCP port on 127.0.0.1 that was free a moment ago. Another process may take it
     * before the caller binds it, so callers retry on {@link BindException}.
     */
    public static int findFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to find a free TCP port on 127.0.0.1", e);
        }
    }

    /** Returns whether {@code port} on 127.0.0.1 accepts a bind now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns whether {@code error} or one of its causes is a {@link BindException}. */
    public static boolean isBindFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
