# Build a small image with the newcomerbot binary (knowledge base bundled).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /newcomerbot ./cmd/newcomerbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /newcomerbot /newcomerbot
EXPOSE 8080
ENV LISTEN_ADDR=:8080
ENTRYPOINT ["/newcomerbot"]
CMD ["run"]
