package dev.kindling.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Local, in process and in memory, with streams. It has no bind-address option, so it listens on every
 * interface of a free port picked before it starts; clients talk to it on 127.0.0.1. Started with
 * {@code -sharedDb}, so every client sees the same tables whatever its credentials and region.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    /** The region of every client made here. */
    public static final String REGION = ElasticMqServer.REGION;

    private static final int START_ATTEMPTS = 5;

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts DynamoDB Local on a free port; another process taking the port first makes it try another one. */
    public static DynamoDbLocalServer start() {
        Exception last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            DynamoDBProxyServer server = null;
            try {
                server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                    "-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                return new DynamoDbLocalServer(server, port);
            } catch (Exception e) {
                last = e;
                stopQuietly(server);
            }
        }
        throw new IllegalStateException("DynamoDB Local did not start after " + START_ATTEMPTS + " attempts", last);
    }

    /** The DynamoDB and DynamoDB Streams endpoint, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A new DynamoDB client for this server (URL-connection HTTP client, dummy static credentials); the caller closes it. */
    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A new DynamoDB Streams client for this server; the caller closes it. */
    public DynamoDbStreamsClient newStreamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot stop DynamoDB Local at " + endpoint, e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for DynamoDB Local", e);
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            // It did not start; nothing to stop.
        }
    }
}
