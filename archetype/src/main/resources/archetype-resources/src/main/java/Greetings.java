package ${package};

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kindling generates two Lambda entries from this bean at compile time:
 * {@code Greetings_HttpHandler} (all routes) and {@code Greetings_WelcomeSqsHandler}.
 */
@Singleton
public class Greetings {
  private final List<String> welcomed = new CopyOnWriteArrayList<>();

  @HttpRoute(method = "GET", path = "/greetings/{name}")
  public Greeting hello(@PathParam String name) {
    return new Greeting("Hello, " + name + "!");
  }

  @SqsHandler(queue = "greetings", maxReceiveCount = 3)
  public void welcome(@Valid Greeting greeting, RecordContext record) {
    welcomed.add(greeting.name());
  }

  public List<String> welcomed() {
    return List.copyOf(welcomed);
  }
}
