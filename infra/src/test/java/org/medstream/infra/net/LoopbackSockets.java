package org.medstream.infra.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists the TCP sockets this JVM listens on, from Linux {@code /proc}, so tests can check that
 * every embedded server binds to loopback only. It reads files and opens no connection.
 */
public final class LoopbackSockets {
    private static final Path FD_DIRECTORY = Path.of("/proc/self/fd");
    private static final String TCP_LISTEN_STATE = "0A";

    private LoopbackSockets() {}

    /** Skips the calling test where {@code /proc} is not available (not Linux). */
    public static void assumeReadable() {
        assumeTrue(
                Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(FD_DIRECTORY),
                "needs Linux /proc/net/tcp and /proc/self/fd");
    }

    /** Returns the local address of every TCP socket of this process in state LISTEN. */
    public static List<InetAddress> listeningAddressesOfThisProcess() {
        Set<String> inodes = socketInodesOfThisProcess();
        List<InetAddress> addresses = new ArrayList<>();
        addresses.addAll(listeningAddresses(Path.of("/proc/net/tcp"), inodes));
        addresses.addAll(listeningAddresses(Path.of("/proc/net/tcp6"), inodes));
        return addresses;
    }

    private static Set<String> socketInodesOfThisProcess() {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(FD_DIRECTORY)) {
            for (Path descriptor : (Iterable<Path>) descriptors::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException e) {
                    // The descriptor was closed after the listing.
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + FD_DIRECTORY, e);
        }
        return inodes;
    }

    private static List<InetAddress> listeningAddresses(Path table, Set<String> inodes) {
        List<InetAddress> addresses = new ArrayList<>();
        if (!Files.isReadable(table)) {
            return addresses;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + table, e);
        }
        for (String line : lines.subList(1, lines.size())) {
            // Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            String[] columns = line.trim().split("\\s+");
            if (columns[3].equals(TCP_LISTEN_STATE) && inodes.contains(columns[9])) {
                addresses.add(parseAddress(columns[1].split(":")[0]));
            }
        }
        return addresses;
    }

    /** Parses the kernel's hex address: 32-bit words in host (little-endian) byte order. */
    private static InetAddress parseAddress(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int offset = (word * 4 + i) * 2;
                bytes[word * 4 + 3 - i] =
                        (byte) Integer.parseInt(hex.substring(offset, offset + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Invalid address " + hex + " in /proc/net/tcp", e);
        }
    }
}
