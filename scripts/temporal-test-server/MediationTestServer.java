import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * The Java SDK's time-skipping test server on a port, as io.temporal.testserver.TestServer starts
 * it, with one more flag: the server's clock can start at a chosen instant instead of now (what the
 * Java SDK's TestEnvironmentOptions.setInitialTime does in process), so a test can place a case
 * before a given holiday period whatever today's date is.
 *
 * Arguments: {@code <port> [--enable-time-skipping] [--initial-time <ISO-8601 instant>]}. The
 * TypeScript SDK's TestWorkflowEnvironment.createTimeSkipping starts an existing-path server as
 * {@code <path> <port> <extraArgs...>}; without --enable-time-skipping, skipping starts locked and
 * the SDK unlocks it (env.sleep, awaiting a workflow result), as with the stock server.
 */
public final class MediationTestServer {
  private static final String USAGE =
      "usage: MediationTestServer <port> [--enable-time-skipping] [--initial-time <ISO-8601 instant, e.g. 2026-09-22T02:00:00Z>]";

  public static void main(String[] args) throws Exception {
    if (args.length < 1) fail("no port given");
    int port = Integer.parseInt(args[0]);
    boolean enableTimeSkipping = false;
    long initialTimeMs = 0; // 0: the test server's own default, the system clock's now
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equalsIgnoreCase("--enable-time-skipping")) {
        enableTimeSkipping = true;
      } else if (arg.equals("--initial-time") && i + 1 < args.length) {
        initialTimeMs = Instant.parse(args[++i]).toEpochMilli();
        if (initialTimeMs == 0) fail("--initial-time must not be the epoch itself");
      } else {
        fail("unknown argument " + arg);
      }
    }
    TestServicesStarter services = new TestServicesStarter(!enableTimeSkipping, initialTimeMs);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownNow();
                  services.close();
                }));
    server.awaitTermination();
  }

  private static void fail(String problem) {
    System.err.println("MediationTestServer: " + problem);
    System.err.println(USAGE);
    System.exit(2);
  }
}
