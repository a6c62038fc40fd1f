package dev.kindling.sample.documented;

import static dev.kindling.sample.documented.DocumentedSupport.body;
import static dev.kindling.sample.documented.DocumentedSupport.header;
import static dev.kindling.sample.documented.DocumentedSupport.headers;
import static dev.kindling.sample.documented.DocumentedSupport.http;
import static dev.kindling.sample.documented.DocumentedSupport.status;
import static dev.kindling.sample.documented.DocumentedSupport.v1;
import static dev.kindling.sample.documented.DocumentedSupport.v2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.TestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Idempotent} on HTTP routes, as a payments team and an attacker would try it. */
class DocumentedHttpIdempotencyTest {
  private static final String CHARGE = "{\"amount\":10}";

  @BeforeEach
  void reset() {
    DocumentedEffects.reset();
  }

  private static ObjectNode charge(String account, String key, String body) {
    return v2("POST", "/r/accounts/" + account + "/charges", key, body);
  }

  private static String key() {
    return "k-" + UUID.randomUUID();
  }

  @Test
  void aReplayReturnsTheStoredResponseFromAFreshHandlerInstance() {
    String key = key();
    JsonNode first = http(charge("A", key, CHARGE));
    JsonNode second = http(charge("A", key, CHARGE));
    assertThat(status(first)).isEqualTo(201);
    assertThat(status(second)).isEqualTo(201);
    assertThat(body(second)).isEqualTo(body(first));
    assertThat(header(second, "idempotent-replayed")).isEqualTo("true");
    assertThat(header(first, "idempotent-replayed")).isNull();
    assertThat(DocumentedEffects.EFFECTS).containsExactly("charge A 10 null null");
  }

  @Test
  void concurrentDuplicatesRunOnceAndTheOthersGet409OrTheReplay() throws Exception {
    String account = "G-" + UUID.randomUUID();
    String key = key();
    CountDownLatch gate = new CountDownLatch(1);
    DocumentedEffects.GATES.put(account, gate);
    int callers = 12;
    CyclicBarrier barrier = new CyclicBarrier(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<JsonNode>> responses = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      responses.add(pool.submit(() -> {
        barrier.await();
        return http(charge(account, key, CHARGE));
      }));
    }
    Thread.sleep(500);
    JsonNode whileRunning = http(charge(account, key, CHARGE));
    assertThat(status(whileRunning)).isEqualTo(409);
    assertThat(header(whileRunning, "content-type")).isEqualTo("application/problem+json");
    gate.countDown();
    int created = 0;
    for (Future<JsonNode> response : responses) {
      int status = status(response.get(10, TimeUnit.SECONDS));
      assertThat(status).isIn(201, 409);
      if (status == 201) {
        created++;
      }
    }
    pool.shutdown();
    assertThat(created).isEqualTo(1);
    JsonNode after = http(charge(account, key, CHARGE));
    assertThat(header(after, "idempotent-replayed")).isEqualTo("true");
    assertThat(DocumentedEffects.EFFECTS).hasSize(1);
  }

  @Test
  void aMethodThatThrowsReleasesItsKeySoTheRetryRuns() {
    String account = "F-" + UUID.randomUUID();
    String key = key();
    DocumentedEffects.FAIL_ONCE.add(account);
    JsonNode failed = http(charge(account, key, CHARGE));
    assertThat(status(failed)).isEqualTo(500);
    assertThat(body(failed)).doesNotContain("provider down");
    JsonNode retried = http(charge(account, key, CHARGE));
    assertThat(status(retried)).isEqualTo(201);
    assertThat(header(retried, "idempotent-replayed")).isNull();
    assertThat(DocumentedEffects.EFFECTS).hasSize(1);
  }

  @Test
  void aResultThatCannotBeWrittenIsNeverRunAgain() {
    String key = key();
    JsonNode first = http(v2("POST", "/r/unwritable", key, CHARGE));
    JsonNode again = http(v2("POST", "/r/unwritable", key, CHARGE));
    assertThat(status(first)).isEqualTo(500);
    assertThat(status(again)).isEqualTo(500);
    assertThat(body(first) + body(again)).doesNotContain("secret-unwritable-detail");
    assertThat(DocumentedEffects.EFFECTS).containsExactly("unwritable 10");
  }

  @Test
  void aMissingOrBlankIdempotencyKeyIsA400AndNothingRuns() {
    assertThat(status(http(charge("A", null, CHARGE)))).isEqualTo(400);
    assertThat(status(http(charge("A", "", CHARGE)))).isEqualTo(400);
    assertThat(status(http(charge("A", "   ", CHARGE)))).isEqualTo(400);
    assertThat(DocumentedEffects.EFFECTS).isEmpty();
  }

  @Test
  void missingKeyPropertiesAreA400NamingThePropertyNeverASharedKey() {
    for (String body : new String[] {"{\"amount\":1}", "{\"customer\":null,\"amount\":1}", "{\"customer\":{},\"amount\":1}",
        "{\"customer\":{\"id\":\" \"},\"amount\":1}"}) {
      JsonNode response = http(v2("POST", "/r/keyed", null, body));
      assertThat(status(response)).as(body).isEqualTo(400);
      assertThat(body(response)).contains("customer.id");
    }
    assertThat(DocumentedEffects.EFFECTS).isEmpty();
    assertThat(status(http(v2("POST", "/r/keyed", null, "{\"customer\":{\"id\":\"c-1\"},\"amount\":1}")))).isEqualTo(201);
  }

  @Test
  void theSameKeyWithAnotherPathQueryHeaderOrBodyIsA422() {
    String key = key();
    ObjectNode original = charge("A", key, CHARGE);
    headers(original).put("x-tenant", "acme");
    original.putObject("queryStringParameters").put("currency", "EUR");
    assertThat(status(http(original))).isEqualTo(201);

    ObjectNode otherPath = original.deepCopy();
    otherPath.put("rawPath", "/r/accounts/B/charges");
    ((ObjectNode) otherPath.get("requestContext").get("http")).put("path", "/r/accounts/B/charges");
    ObjectNode otherQuery = original.deepCopy();
    ((ObjectNode) otherQuery.get("queryStringParameters")).put("currency", "USD");
    ObjectNode otherHeader = original.deepCopy();
    headers(otherHeader).put("x-tenant", "evil-corp");
    ObjectNode otherBody = original.deepCopy();
    otherBody.put("body", "{\"amount\":1000}");
    ObjectNode noQuery = original.deepCopy();
    noQuery.remove("queryStringParameters");

    for (ObjectNode attempt : List.of(otherPath, otherQuery, otherHeader, otherBody, noQuery)) {
      JsonNode response = http(attempt);
      assertThat(status(response)).as(attempt.toString()).isEqualTo(422);
      assertThat(body(response)).doesNotContain("\"account\"");
    }
    assertThat(DocumentedEffects.EFFECTS).containsExactly("charge A 10 EUR acme");
    JsonNode replay = http(original);
    assertThat(header(replay, "idempotent-replayed")).isEqualTo("true");
  }

  @Test
  void anotherRouteWithTheSameKeyHasItsOwnKey() {
    String key = key();
    assertThat(status(http(charge("A", key, CHARGE)))).isEqualTo(201);
    JsonNode loose = http(v2("POST", "/r/loose", key, CHARGE));
    assertThat(status(loose)).isEqualTo(201);
    assertThat(header(loose, "idempotent-replayed")).isNull();
    assertThat(DocumentedEffects.EFFECTS).hasSize(2);
  }

  @Test
  void withoutPayloadValidationTheSameKeyReplaysTheFirstResponse() {
    String key = key();
    JsonNode first = http(v2("POST", "/r/loose", key, "{\"amount\":1}"));
    JsonNode second = http(v2("POST", "/r/loose", key, "{\"amount\":2}"));
    assertThat(status(second)).isEqualTo(201);
    assertThat(body(second)).isEqualTo(body(first));
    assertThat(DocumentedEffects.EFFECTS).containsExactly("loose 1");
  }

  @Test
  void keyOptionalRunsUnguardedWithoutAKeyAndGuardedWithOne() {
    assertThat(status(http(v2("POST", "/r/optional", null, CHARGE)))).isEqualTo(201);
    assertThat(status(http(v2("POST", "/r/optional", null, CHARGE)))).isEqualTo(201);
    String key = key();
    http(v2("POST", "/r/optional", key, CHARGE));
    JsonNode replay = http(v2("POST", "/r/optional", key, CHARGE));
    assertThat(header(replay, "idempotent-replayed")).isEqualTo("true");
    assertThat(DocumentedEffects.EFFECTS).hasSize(3);
    // A blank key is not "no key": it never becomes a key shared by every client that sends one.
    JsonNode blank1 = http(v2("POST", "/r/optional", "", CHARGE));
    JsonNode blank2 = http(v2("POST", "/r/optional", "", "{\"amount\":99}"));
    assertThat(header(blank2, "idempotent-replayed")).isNull();
    assertThat(status(blank2)).isNotEqualTo(422);
  }

  @Test
  void aCompletedKeyExpires() throws Exception {
    String key = key();
    http(v2("POST", "/r/short", key, CHARGE));
    assertThat(header(http(v2("POST", "/r/short", key, CHARGE)), "idempotent-replayed")).isEqualTo("true");
    Thread.sleep(3_100); // an expiry is kept at least as long, rounded up to the second as the TTL attribute is
    JsonNode after = http(v2("POST", "/r/short", key, CHARGE));
    assertThat(header(after, "idempotent-replayed")).isNull();
    assertThat(DocumentedEffects.EFFECTS).hasSize(2);
  }

  @Test
  void tooLittleTimeLeftIsA503AndTheMethodDoesNotRun() {
    JsonNode response = http(charge("A", key(), CHARGE), TestContext.withRemainingMillis(150));
    assertThat(status(response)).isEqualTo(503);
    assertThat(header(response, "content-type")).isEqualTo("application/problem+json");
    assertThat(DocumentedEffects.EFFECTS).isEmpty();
  }

  // ---- perCaller

  private static ObjectNode jwt(String path, String sub, String key, String body) {
    ObjectNode event = v2("POST", path, key, body);
    ObjectNode authorizer = ((ObjectNode) event.get("requestContext")).putObject("authorizer");
    authorizer.putObject("jwt").putObject("claims").put("sub", sub);
    return event;
  }

  @Test
  void perCallerKeysNeverReplayAnotherCallersResponse() {
    String key = key();
    JsonNode alice = http(jwt("/r/caller/charges", "alice", key, "{\"amount\":5,\"note\":\"alice\"}"));
    JsonNode bob = http(jwt("/r/caller/charges", "bob", key, "{\"amount\":5,\"note\":\"alice\"}"));
    assertThat(status(alice)).isEqualTo(201);
    assertThat(status(bob)).isEqualTo(201);
    assertThat(header(bob, "idempotent-replayed")).isNull();
    JsonNode aliceAgain = http(jwt("/r/caller/charges", "alice", key, "{\"amount\":5,\"note\":\"alice\"}"));
    assertThat(header(aliceAgain, "idempotent-replayed")).isEqualTo("true");
    assertThat(DocumentedEffects.EFFECTS).hasSize(2);
  }

  @Test
  void perCallerWithoutPayloadValidationStillSeparatesCallers() {
    String key = key();
    http(jwt("/r/caller-loose/charges", "alice", key, "{\"amount\":5,\"note\":\"alice-secret\"}"));
    JsonNode bob = http(jwt("/r/caller-loose/charges", "bob", key, "{\"amount\":7,\"note\":\"bob\"}"));
    assertThat(body(bob)).doesNotContain("alice-secret");
    assertThat(DocumentedEffects.EFFECTS).hasSize(2);
  }

  @Test
  void perCallerWithKeyPropertiesSeparatesCallers() {
    String body = "{\"customer\":{\"id\":\"c-1\"},\"amount\":5}";
    http(jwt("/r/caller-keyed/charges", "alice", null, body));
    JsonNode bob = http(jwt("/r/caller-keyed/charges", "bob", null, body));
    assertThat(header(bob, "idempotent-replayed")).isNull();
    assertThat(DocumentedEffects.EFFECTS).hasSize(2);
  }

  @Test
  void perCallerWithoutAnAuthenticatedCallerIs401() {
    JsonNode response = http(v2("POST", "/r/caller/charges", key(), "{\"amount\":5}"));
    assertThat(status(response)).isEqualTo(401);
    assertThat(header(response, "content-type")).isEqualTo("application/problem+json");
    ObjectNode blankSub = jwt("/r/caller/charges", " ", key(), "{\"amount\":5}");
    assertThat(status(http(blankSub))).isEqualTo(401);
    assertThat(DocumentedEffects.EFFECTS).isEmpty();
  }

  @Test
  void perCallerUsesTheLambdaAuthorizerPrincipalAndTheIamCaller() {
    String key = key();
    ObjectNode restAlice = v1("POST", "/r/caller/charges");
    headers(restAlice).put("Idempotency-Key", key);
    restAlice.put("body", "{\"amount\":5}");
    ((ObjectNode) restAlice.get("requestContext")).putObject("authorizer").put("principalId", "alice");
    ObjectNode restBob = restAlice.deepCopy();
    ((ObjectNode) restBob.get("requestContext").get("authorizer")).put("principalId", "bob");
    assertThat(status(http(restAlice))).isEqualTo(201);
    assertThat(header(http(restBob), "idempotent-replayed")).isNull();

    ObjectNode iamAlice = v2("POST", "/r/caller/charges", key, "{\"amount\":5}");
    ((ObjectNode) iamAlice.get("requestContext")).putObject("authorizer").putObject("iam")
        .put("userArn", "arn:aws:iam::123456789012:user/alice");
    ObjectNode iamBob = iamAlice.deepCopy();
    ((ObjectNode) iamBob.get("requestContext").get("authorizer").get("iam")).put("userArn", "arn:aws:iam::123456789012:user/bob");
    assertThat(status(http(iamAlice))).isEqualTo(201);
    assertThat(header(http(iamBob), "idempotent-replayed")).isNull();
    assertThat(DocumentedEffects.EFFECTS).hasSize(4);
  }

  /**
   * IAM authorization with Cognito identity pool credentials: every user of the pool calls as the
   * same assumed role session ({@code .../Cognito_PoolAuth_Role/CognitoIdentityCredentials}); the
   * caller is told apart only by the Cognito identity id that API Gateway passes alongside.
   */
  @Test
  void perCallerTellsCognitoIdentityPoolUsersApart() {
    String key = key();
    String sharedRoleSession = "arn:aws:sts::123456789012:assumed-role/Cognito_PoolAuth_Role/CognitoIdentityCredentials";
    ObjectNode alice = v2("POST", "/r/caller-loose/charges", key, "{\"amount\":5,\"note\":\"alice-card-4242\"}");
    ObjectNode iam = ((ObjectNode) alice.get("requestContext")).putObject("authorizer").putObject("iam");
    iam.put("userArn", sharedRoleSession).put("userId", "AROAEXAMPLE:CognitoIdentityCredentials");
    iam.putObject("cognitoIdentity").put("identityId", "us-east-1:alice-0000").put("identityPoolId", "us-east-1:pool");
    ObjectNode bob = v2("POST", "/r/caller-loose/charges", key, "{\"amount\":7,\"note\":\"bob\"}");
    bob.set("requestContext", alice.get("requestContext").deepCopy());
    ((ObjectNode) bob.get("requestContext").get("authorizer").get("iam").get("cognitoIdentity"))
        .put("identityId", "us-east-1:bob-1111");

    http(alice);
    JsonNode bobsResponse = http(bob);
    assertThat(body(bobsResponse)).as("Bob must not get Alice's receipt").doesNotContain("alice-card-4242");
    assertThat(DocumentedEffects.EFFECTS).hasSize(2);

  }

  @Test
  void perCallerTellsCognitoIdentityPoolUsersApartOnRestApi() {
    String key = key();
    String sharedRoleSession = "arn:aws:sts::123456789012:assumed-role/Cognito_PoolAuth_Role/CognitoIdentityCredentials";
    // REST API (payload 1.0) with IAM authorization and Cognito identity pool credentials
    ObjectNode restAlice = v1("POST", "/r/caller-loose/charges");
    headers(restAlice).put("Idempotency-Key", key);
    restAlice.put("body", "{\"amount\":5,\"note\":\"alice-card-4242\"}");
    ((ObjectNode) restAlice.get("requestContext").get("identity"))
        .put("userArn", sharedRoleSession).put("cognitoIdentityId", "us-east-1:alice-0000");
    ObjectNode restBob = restAlice.deepCopy();
    restBob.put("body", "{\"amount\":7,\"note\":\"bob\"}");
    ((ObjectNode) restBob.get("requestContext").get("identity")).put("cognitoIdentityId", "us-east-1:bob-1111");
    http(restAlice);
    assertThat(body(http(restBob))).as("REST: Bob must not get Alice's receipt").doesNotContain("alice-card-4242");
  }
}
