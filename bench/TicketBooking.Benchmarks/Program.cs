using BenchmarkDotNet.Running;
using TicketBooking.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
