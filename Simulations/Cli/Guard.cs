using ActionPerception.Agents.Files;

namespace ActionPerception.Simulations.Cli;

/// <summary>Runs a command body and turns the user's mistakes into one clear line and an exit code, never a stack trace.</summary>
public static class Guard
{
    public static int Run(Func<int> body)
    {
        try
        {
            int code = body();
            // A command that stopped cleanly on a signal (or finished while one came) says so in its exit code.
            return code == ExitCodes.Ok && StopSignals.Received is int signal ? signal : code;
        }
        catch (ActionPerception.Agents.Helmholtz.DivergedException e)
        {
            return Fail(e.Message, ExitCodes.Diverged);
        }
        catch (InputFileException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ActionPerception.Environment.Scenarios.ScenarioException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ActionPerception.Audio.KitLoadException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ActionPerception.Simulations.Runs.AudioFailure e)
        {
            return Fail(e.Message, ExitCodes.AudioFailed);
        }
        catch (ActionPerception.Audio.AudioOutputException e) when (e.InnerException is IOException or UnauthorizedAccessException)
        {
            // A WAV file that exists or cannot be created: an output that cannot be written, as README.md says.
            return Fail(e.Message, ExitCodes.OutputRefused);
        }
        catch (ActionPerception.Audio.AudioOutputException e)
        {
            return Fail(e.Message, ExitCodes.AudioFailed);
        }
        catch (UsageException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (IOException e)
        {
            return Fail(e.Message, ExitCodes.OutputRefused);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(e.Message, ExitCodes.OutputRefused);
        }
        catch (OperationCanceledException)
        {
            int code = StopSignals.Received ?? ExitCodes.Interrupted;
            return Fail($"{StopSignals.Describe(code)}; what was written so far is complete and readable.", code);
        }
        finally
        {
            RunFolder.ReleaseAll();
        }
    }

    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"ap: error: {message}");
        return code;
    }
}

/// <summary>A bad option value or combination, reported as a one-line message naming the option and the fix.</summary>
public sealed class UsageException(string message) : Exception(message);
