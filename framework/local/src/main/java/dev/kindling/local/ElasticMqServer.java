package dev.kindling.local;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An embedded, in-memory SQS-compatible server (ElasticMQ) on 127.0.0.1 with a dynamic port. Queue ARNs
 * carry the region and the local account id, as real SQS ARNs do.
 */
public final class ElasticMqServer implements AutoCloseable {

    /** The region of every local queue and client. */
    public static final String REGION = "us-east-1";

    private final SQSRestServer server;
    private final URI endpoint;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ElasticMqServer(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts ElasticMQ and waits until it accepts requests. */
    public static ElasticMqServer start() {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withDynamicPort()
                .withAWSRegion(REGION)
                .withAWSAccountId(FunctionConfig.ACCOUNT_ID)
                .start();
        InetSocketAddress address = server.waitUntilStarted().localAddress();
        return new ElasticMqServer(server, URI.create("http://127.0.0.1:" + address.getPort()));
    }

    /** The SQS endpoint, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A new SQS client for this server (URL-connection HTTP client, dummy static credentials); the caller closes it. */
    public SqsClient newClient() {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            server.stopAndWait();
        }
    }
}
