package dev.kindling.sample;

import dev.kindling.annotation.KinesisHandler;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts page views from the {@code clicks} stream: {@code ClickCounter_CountKinesisHandler}. */
@Singleton
public class ClickCounter {
  private static final Logger LOG = LoggerFactory.getLogger(ClickCounter.class);

  private final Map<String, Integer> views = new ConcurrentHashMap<>();

  @KinesisHandler(stream = "clicks", batchSize = 100, startingPosition = "TRIM_HORIZON")
  public void count(@Valid Click click) {
    views.merge(click.page(), 1, Integer::sum);
    LOG.info("Counted {} for {}", click.page(), click.userId());
  }

  public Map<String, Integer> views() {
    return new TreeMap<>(views);
  }
}
