using VoServices.Cli;

return await CliApp.RunAsync(args);
