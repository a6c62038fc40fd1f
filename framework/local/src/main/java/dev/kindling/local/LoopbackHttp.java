package dev.kindling.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Creates the JDK HTTP servers of this module, bound to 127.0.0.1. */
final class LoopbackHttp {
    static {
        // Without TCP_NODELAY every small response waits ~40 ms for the peer's delayed ACK; the JDK reads
        // this property once, when its first server is created, so it is set before any server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackHttp() {
    }

    static HttpServer create(int port) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    }
}
