package io.sessions4j.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot + Spring Security application whose sessions are sessions4j's: the starter is on the class path
 * and {@code sessions4j.secret} is set; nothing else in this application knows about sessions4j.
 */
@SpringBootApplication
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
