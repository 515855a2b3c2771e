# taobus container image: built from source, Spring Boot's layered extraction, a Java 25 JRE base,
# a numeric non-root user, a Java 25 AOT cache trained at build time for a fast start, and the user's
# handler jars from /extensions.
# Classic builder compatible (no BuildKit features).
ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q -ntp dependency:go-offline -DincludeScope=runtime
COPY src/main/ src/main/
RUN ./mvnw -B -q -ntp -DskipTests -Dmaven.test.skip=true package \
 && java -Djarmode=tools -jar target/taobus-exec.jar extract --layers --application-filename taobus.jar --destination /extracted

FROM ${JRE_IMAGE}
WORKDIR /application
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Training run: start the context once and write the AOT cache. It exits at the context's refresh,
# before any port is bound (ports 0 all the same); it runs the jar's defaults (no source, no example:
# every webhook provider is loaded all the same, a component of the jar), with a throwaway API token and
# a throwaway inbox database under /tmp, so that the store's classes are in the cache too. Same class
# path as the entry point: the jars a user adds to /extensions come after it, which the cache accepts.
RUN java -XX:AOTCacheOutput=taobus.aot -Dspring.context.exit=onRefresh -Dserver.port=0 -Dmanagement.server.port=0 \
      -Dtaobus.api.token=training -Dtaobus.inbox.directory=/tmp/aot-training \
      -cp "/application/taobus.jar:/extensions/*" io.taobus.server.TaobusApplication > /dev/null \
 && rm -rf /tmp/aot-training \
 && mkdir -p /extensions \
 && chmod -R a+rX /application \
 && mkdir -p /data && chown 10001:10001 /data && chmod 700 /data
# The embedded inbox (the H2 file database of accepted deliveries) lives in /data: mount a volume there,
# or it is lost with the container. With spring.datasource.url naming a PostgreSQL, /data stays empty.
VOLUME /data
ENV TAOBUS_INBOX_DIRECTORY=/data
USER 10001:10001
# 8080: webhooks, /tao/*, OpenAPI UI (public); 8081: actuator (health, metrics): keep it internal
EXPOSE 8080 8081
# No GC option: measured with the jar's defaults against -XX:MaxTenuringThreshold=1 (which this image
# set while dedupe lived in a million-entry heap ledger), the load bench's paced p99 and young pauses
# were the same within the noise; what stays in the heap now is bounded and small (bench/load.sh)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:AOTCache=/application/taobus.aot -Djava.io.tmpdir=/tmp"
# The user's handler jars: mounted at /extensions (the JVM expands the *), their packages named in
# TAOBUS_HANDLERS_PACKAGES. Boot's launcher (and its loader.path) is not used here: the extracted
# application runs on the JVM's own class path, which the AOT cache needs.
ENTRYPOINT ["java", "-cp", "/application/taobus.jar:/extensions/*", "io.taobus.server.TaobusApplication"]
