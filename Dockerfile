# taobus container image: built from source, Spring Boot's layered extraction, a Java 25 JRE base,
# a numeric non-root user, and a Java 25 AOT cache trained at build time for a fast start.
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
 && java -Djarmode=tools -jar target/taobus.jar extract --layers --destination /extracted

FROM ${JRE_IMAGE}
WORKDIR /application
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Training run: start the context once, with no port and no example, and write the AOT cache; its
# inbox is a throwaway database under /tmp, so that the store's classes are in the cache too.
RUN java -XX:AOTCacheOutput=taobus.aot -Dspring.context.exit=onRefresh -Dserver.port=0 \
      -Dtaobus.api.token=training -Dtaobus.inbox.directory=/tmp/aot-training -jar taobus.jar > /dev/null \
 && rm -rf /tmp/aot-training \
 && chmod -R a+rX /application \
 && mkdir -p /data && chown 10001:10001 /data && chmod 700 /data
# The embedded inbox (the H2 file database of accepted deliveries) lives in /data: mount a volume there,
# or it is lost with the container. With spring.datasource.url naming a PostgreSQL, /data stays empty.
VOLUME /data
ENV TAOBUS_INBOX_DIRECTORY=/data
USER 10001:10001
EXPOSE 8080
# MaxTenuringThreshold=1: what survives a young collection is mostly dedupe-ledger entries, which live
# for the TTL; promoting them at once keeps young pauses short (see bench/load.sh)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:MaxTenuringThreshold=1 -XX:AOTCache=/application/taobus.aot -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/application/taobus.jar"]
