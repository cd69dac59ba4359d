module outboundbot.example/createinstance

go 1.19
